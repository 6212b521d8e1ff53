#!/usr/bin/env bash
# Heap per stored registration and per held record-routed call through the default proxy app:
# a class histogram after a full GC before and after N registrations, then after N calls held up
# (INVITE/200/ACK, no BYE yet). Prints bytes per registration and per call. Loopback only.
#   test-suite/bench/memory.sh                       # 20,000 registrations, 2,000 held calls
#   REGS=5000 CALLS=1000 EXTRA="cluster.enable=no" test-suite/bench/memory.sh
# Needs the built container (container/target/sipcontainer.jar and lib/), sipp, jcmd.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR="$ROOT/test-suite/bench"
REGS=${REGS:-20000}
CALLS=${CALLS:-2000}
RATE=${RATE:-500}
PORT=${PORT:-5090}
CALLEE_PORT=${CALLEE_PORT:-5092}
EXTRA=${EXTRA:-}                      # more key=value settings for the server, space separated
WORK=${WORK:-$(mktemp -d /tmp/sipmem.XXXXXX)}
HOST=127.0.0.1
log() { printf '[memory %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
for tool in java sipp jcmd; do command -v "$tool" >/dev/null || die "$tool not found"; done
JAR="$ROOT/container/target/sipcontainer.jar"
[[ -f "$JAR" ]] || die "no $JAR: build first (./mvnw -B -q -DskipTests install)"

SERVER_PID=""; CALLEE_PID=""; CALLER_PID=""
cleanup() {
    for p in $CALLER_PID $CALLEE_PID $SERVER_PID; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# the shipped registrar and proxy applications, as the build made them
mkdir -p "$WORK/deploy"
for app in registrar proxy; do
    sar="$ROOT/apps/$app/target/$app.sar"
    [[ -f "$sar" ]] || die "no $sar: build first (./mvnw -B -q -DskipTests install)"
    cp "$sar" "$WORK/deploy/"
done
cat >"$WORK/logback.xml" <<'EOF'
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="io.sipcontainer.server.SipServer" level="INFO"/>
  <root level="WARN"><appender-ref ref="CONSOLE"/></root>
</configuration>
EOF
# the caller holds each call: a <pause/> (its length is -d) before the BYE
sed 's|^\(  <send retrans="500">\)$|&|' "$BENCH_DIR/proxy-uac.xml" \
    | awk 'BEGIN{n=0} /<send retrans="500">/{n++; if (n==2) print "  <pause/>"} {print}' >"$WORK/hold-uac.xml"
grep -q '<pause/>' "$WORK/hold-uac.xml" || die "could not add the hold to proxy-uac.xml"

# shellcheck disable=SC2086
( cd "$WORK" && exec java -Xms1g -Xmx1g -Dlogback.configurationFile="$WORK/logback.xml" -jar "$JAR" "$ROOT/conf" \
    "listen=udp:$HOST:$PORT" "deploy_dir=$WORK/deploy" "dar_file=$ROOT/conf/dar.properties" \
    "work_dir=$WORK/work" "log_level=WARN" "proxy.static_location=callee=sip:callee@$HOST:$CALLEE_PORT" $EXTRA
) >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
deadline=$(( $(date +%s) + 60 ))
until grep -q "sipcontainer started" "$WORK/server.out"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.out" >&2; die "server exited"; }
    (( $(date +%s) < deadline )) || die "server did not start within 60 s"
    sleep 0.5
done

heap() { # live bytes in the heap after a full GC (jcmd's histogram total)
    jcmd "$SERVER_PID" GC.class_histogram >"$WORK/histogram-$1.txt"
    awk '/^Total/ { print $3 }' "$WORK/histogram-$1.txt"
}
sipp_run() { # name, scenario args...: runs SIPp to completion
    local name=$1; shift
    (cd "$WORK" && sipp "$HOST:$PORT" -i "$HOST" -nostdin -trace_err -error_file "$name-errors.log" "$@") \
        >"$WORK/$name.out" 2>&1 || log "SIPp $name exited with $? (see $WORK/$name-errors.log)"
}

# warm-up: a few registrations and calls, so code paths and pools exist before the first histogram
( cd "$WORK" && exec sipp -sf "$BENCH_DIR/proxy-uas.xml" -i "$HOST" -p "$CALLEE_PORT" -nostdin \
    -trace_err -error_file callee-errors.log ) >"$WORK/callee.out" 2>&1 &
CALLEE_PID=$!
sipp_run warm-reg -sf "$BENCH_DIR/register.xml" -s warm -m 500 -r "$RATE" -p 5094
sipp_run warm-call -sf "$BENCH_DIR/proxy-uac.xml" -s callee -m 500 -r "$RATE" -p 5094
sleep 35 # the warm-up's transactions end (Timer J/K, 32 s)
before=$(heap before)
log "heap before: $before bytes"

sipp_run reg -sf "$BENCH_DIR/register.xml" -s mem -m "$REGS" -r "$RATE" -l "$REGS" -p 5094
sleep 35
after_regs=$(heap registrations)
per_reg=$(( (after_regs - before) / REGS ))
log "after $REGS registrations: $after_regs bytes: $per_reg bytes per registration"

( cd "$WORK" && exec sipp "$HOST:$PORT" -sf "$WORK/hold-uac.xml" -s callee -i "$HOST" -p 5096 -nostdin \
    -m "$CALLS" -r "$RATE" -l "$CALLS" -d 600000 -trace_stat -fd 1 -stf hold-stat.csv ) >"$WORK/hold.out" 2>&1 &
CALLER_PID=$!
sleep $(( CALLS / RATE + 35 )) # all calls up and their INVITE transactions gone (Timer H/J)
stat_col() { awk -F';' -v c="$1" 'NR==1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } END { print $k }' \
    "$WORK"/hold-stat.csv; }
up=$(stat_col "CurrentCall")
(( up == CALLS )) || log "WARNING: $up of $CALLS calls are up (failed: $(stat_col "FailedCall(C)"))"
held=$(heap calls)
per_call=$(( (held - after_regs) / CALLS ))
log "after $CALLS held calls: $held bytes: $per_call bytes per held call"
printf 'registrations\t%d\t%d bytes each\nheld calls\t%d\t%d bytes each\nwork\t%s\n' \
    "$REGS" "$per_reg" "$CALLS" "$per_call" "$WORK"
