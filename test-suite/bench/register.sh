#!/usr/bin/env bash
# SIPp REGISTER benchmark of the registrar application on loopback, per usrloc db_mode: server
# CPU ms per 1000 REGISTERs at a fixed rate, then the highest rate with < 0.1 % failures, then
# the server heap with every binding registered. Each REGISTER is a new user (bench/register.xml,
# -s <prefix per run>), so every run adds rate x DURATION bindings. See README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DB_MODES=${DB_MODES:-"0 1"}
DURATION=${DURATION:-10}                 # seconds per measured run
WARMUP=${WARMUP:-5}                      # seconds of warm-up per server (not reported)
RATE=${RATE:-1000}                       # fixed rate for the CPU-cost run, REGISTER/s
RAMP=${RAMP-"2000 3000 4000 6000"}       # higher rates, tried in order until one fails
MAX_FAIL_PCT=${MAX_FAIL_PCT:-0.1}
MIN_ACHIEVED_PCT=${MIN_ACHIEVED_PCT:-95}
PORT=${PORT:-5092}
TRANSPORT=${TRANSPORT:-u1}
HEAP=${HEAP:-1g}
BUILD=${BUILD:-auto}                     # auto | always | never
HEAP_WAIT=${HEAP_WAIT:-35}               # idle seconds before the heap is measured (UDP transactions live 32 s)
WORK=${WORK:-$(mktemp -d /tmp/regbench.XXXXXX)}
HOST=127.0.0.1
CLK_TCK=$(getconf CLK_TCK)
SERVER_PID=""
RESULTS="$WORK/results.tsv"
mkdir -p "$WORK"; : >"$RESULTS"

log() { printf '[regbench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
cleanup() { [[ -n "$SERVER_PID" ]] && kill -KILL "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
for tool in java sipp awk jcmd; do command -v "$tool" >/dev/null || die "$tool not found"; done

# ---- build (package only: nothing is installed into ~/.m2) --------------------------------------
JAR="$ROOT/container/target/sipcontainer.jar"
SAR="$ROOT/apps/registrar/target/registrar.sar"
if [[ "$BUILD" == always || ( "$BUILD" == auto && ( ! -f "$JAR" || ! -f "$SAR" || -n "$(find "$ROOT/container/src/main" \
        "$ROOT/apps/registrar/src/main" -newer "$SAR" -type f -print -quit)" ) ) ]]; then
    log "building container and apps/registrar"
    (cd "$ROOT" && mvn -o -q -B -DskipTests package -pl container,apps/registrar -am >"$WORK/build.log" 2>&1) \
        || { cat "$WORK/build.log" >&2; die "build failed"; }
fi
mkdir -p "$WORK/server" "$WORK/deploy"
cp "$JAR" "$WORK/server/"; cp -r "$ROOT/container/target/lib" "$WORK/server/"; cp "$SAR" "$WORK/deploy/"
echo 'REGISTER: ("registrar", "DAR:To", "TERMINATING", "", "NO_ROUTE", "0")' >"$WORK/dar.properties"
cat >"$WORK/logback.xml" <<'XML'
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="CONSOLE"/></root>
</configuration>
XML

proc_jiffies() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
wait_server_idle() {
    local deadline=$(( $(date +%s) + 15 )) before after
    while (( $(date +%s) < deadline )); do
        before=$(proc_jiffies "$SERVER_PID"); sleep 0.5; after=$(proc_jiffies "$SERVER_PID")
        (( (after - before) * 1000 / CLK_TCK < 25 )) && return 0
    done
    log "server still busy after 15 s"
}
USERS=0
sipp_common=(-t "$TRANSPORT" -i "$HOST" -p 0 -nostdin -max_socket 1024 -sf "$ROOT/test-suite/bench/register.xml")

# run NAME RATE SECONDS MODE [report]: RATE REGISTER/s for SECONDS, new users prefixed NAME-RATE-
run() {
    local name=$1 rate=$2 secs=$3 mode=$4 report=${5:-}
    local calls=$(( rate * secs )) dir="$WORK/runs/db$mode-$name-$rate"
    mkdir -p "$dir"
    wait_server_idle
    local cpu0; cpu0=$(proc_jiffies "$SERVER_PID")
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    ( cd "$dir" && sipp "$HOST:$PORT" "${sipp_common[@]}" -s "u$mode$name$rate-" -r "$rate" -m "$calls" \
        -l $(( rate * 2 )) -timeout $(( secs * 3 / 2 + 10 ))s -recv_timeout 10000 \
        -trace_stat -stf stat.csv -fd 1 -trace_err -error_file errors.log >sipp.out 2>&1 ) || true
    wait_server_idle
    local cpu1; cpu1=$(proc_jiffies "$SERVER_PID")
    USERS=$(( USERS + calls ))
    awk -F';' -v name="$name" -v rate="$rate" -v calls="$calls" -v mode="$mode" -v tck="$CLK_TCK" \
        -v jif=$(( cpu1 - cpu0 )) -v load="$load" -v maxfail="$MAX_FAIL_PCT" -v minach="$MIN_ACHIEVED_PCT" \
        -v report="$report" -v out="$RESULTS" '
      NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next } { line = $0 }
      END { split(line, f, ";"); ns = split(f[col["StartTime"]], a, "\t"); nc = split(f[col["CurrentTime"]], b, "\t");
        secs = b[nc] - a[ns]; ok = f[col["SuccessfulCall(C)"]]; retrans = f[col["Retransmissions(C)"]];
        achieved = secs > 0 ? ok / secs : 0; fail = (calls - ok) * 100 / calls;
        per_k = ok > 0 ? jif * 1000 / tck * 1000 / ok : 0;
        pass = (fail < maxfail && achieved * 100 >= rate * minach) ? "pass" : "FAIL";
        if (report != "") printf "%s\t%s\t%d\t%.0f\t%d\t%.3f\t%d\t%.1f\t%s\t%s\n", mode, name, rate, achieved, ok, fail,
            retrans, per_k, load, pass >> out;
        printf "db_mode %s %s @ %d/s: %d/%d ok, %.0f/s, %d retrans, %.1f CPU-ms/1000, %s\n", mode, name, rate, ok,
            calls, achieved, retrans, per_k, pass > "/dev/stderr";
        exit (pass == "pass" ? 0 : 1) }' "$dir/stat.csv"
}

for mode in $DB_MODES; do
    db_args=(); [[ "$mode" != 0 ]] && db_args=("db.url=jdbc:h2:file:$WORK/db$mode/sipcontainer;DB_CLOSE_ON_EXIT=FALSE")
    ( cd "$WORK" && exec java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Dlogback.configurationFile="$WORK/logback.xml" \
        -jar "$WORK/server/sipcontainer.jar" "$ROOT/conf" "listen=udp:$HOST:$PORT,tcp:$HOST:$PORT" \
        "deploy_dir=$WORK/deploy" "dar_file=$WORK/dar.properties" "work_dir=$WORK/work$mode" "log_level=WARN" \
        "usrloc.db_mode=$mode" "${db_args[@]}" ) >"$WORK/server-db$mode.out" 2>&1 &
    SERVER_PID=$!
    USERS=0
    deadline=$(( $(date +%s) + 60 ))
    until (cd "$WORK" && timeout 5 sipp "$HOST:$PORT" "${sipp_common[@]}" -s ping -m 1 -r 1 -timeout 3s \
            -recv_timeout 2000 >/dev/null 2>&1); do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server-db$mode.out" >&2; die "server exited"; }
        (( $(date +%s) < deadline )) || die "server did not answer REGISTER within 60 s"
        sleep 0.5
    done
    USERS=1
    log "db_mode $mode: server $SERVER_PID up"
    run warmup "$RATE" "$WARMUP" "$mode" || true
    best=0
    if run fixed "$RATE" "$DURATION" "$mode" report; then
        best=$RATE
        for r in $RAMP; do
            if run ramp "$r" "$DURATION" "$mode" report; then best=$r; else break; fi
        done
    fi
    (( HEAP_WAIT > 0 )) && { log "waiting ${HEAP_WAIT} s for the transactions to end before measuring the heap"; sleep "$HEAP_WAIT"; }
    jcmd "$SERVER_PID" GC.class_histogram >"$WORK/histogram-db$mode.txt" 2>&1 || true
    heap=$(awk '/^Total/ { printf "%.0f MB", $3 / 1048576 }' "$WORK/histogram-db$mode.txt")
    bindings=$(awk '$4 == "io.sipcontainer.location.Binding" { print $2 }' "$WORK/histogram-db$mode.txt")
    echo -e "$mode\tbest\t$best\t${bindings:-?}\t$heap" >>"$WORK/best.tsv"
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
done

echo
echo "registrar REGISTER benchmark  $(date '+%F %T')  $(nproc) cores, transport $TRANSPORT, heap $HEAP, $DURATION s per run"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '%-8s %-6s %9s %10s %8s %7s %7s %12s %5s %s\n' db_mode run offered/s achieved/s ok fail-% retrans srvCPUms/1k load result
while IFS=$'\t' read -r mode name rate ach ok fail retrans perk load pass; do
    printf '%-8s %-6s %9s %10s %8s %7s %7s %12s %5s %s\n' "$mode" "$name" "$rate" "$ach" "$ok" "$fail" "$retrans" "$perk" "$load" "$pass"
done <"$RESULTS"
while IFS=$'\t' read -r mode _ best users heap; do
    echo "db_mode $mode: highest passing rate ${best}/s; ${users} bindings in memory at the end, live heap after full GC: ${heap}"
done <"$WORK/best.tsv"
echo "logs under $WORK"
