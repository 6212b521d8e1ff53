#!/usr/bin/env bash
# SIPp benchmark of sipcontainer on loopback: OPTIONS and INVITE/ACK/BYE against the test UAS app,
# calls bridged by the test B2BUA app to a SIPp callee (scenario "b2bua"), and record-routed stateful
# calls through the default proxy application to a SIPp callee (scenario "proxy"). Measures server
# CPU cost per 1000 calls at a fixed rate, then the highest rate with < 0.1 % failed calls. See
# README.md next to this file. Traffic goes to 127.0.0.1 only.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR="$ROOT/test-suite/bench"

# ---- settings (environment) -------------------------------------------------------------------
DURATION=${DURATION:-20}                  # seconds of traffic per run
RAMP_DURATION=${RAMP_DURATION:-$DURATION} # seconds per ramp step
WARMUP=${WARMUP:-10}                      # seconds of JIT warm-up per scenario (not reported)
OPTIONS_RATE=${OPTIONS_RATE:-2000}        # fixed rate for the CPU-cost run, requests/s
CALL_RATE=${CALL_RATE:-500}               # fixed rate for the CPU-cost run, calls/s
OPTIONS_RAMP=${OPTIONS_RAMP-"4000 8000 16000 32000"}
CALL_RAMP=${CALL_RAMP-"1000 2000 4000 8000"}
B2BUA_RATE=${B2BUA_RATE:-250}             # fixed rate for the CPU-cost run of bridged calls, calls/s
B2BUA_RAMP=${B2BUA_RAMP-"500 1000 1500 2000"}
CALLEE_PORT=${CALLEE_PORT:-5092}          # where the SIPp callee of the b2bua and proxy scenarios listens
PROXY_RATE=${PROXY_RATE:-500}             # fixed rate for the CPU-cost run of proxied calls, calls/s
PROXY_RAMP=${PROXY_RAMP-"1000 2000 4000"}
MAX_FAIL_PCT=${MAX_FAIL_PCT:-0.1}         # a rate passes below this failed-call percentage ...
MIN_ACHIEVED_PCT=${MIN_ACHIEVED_PCT:-95}  # ... and when it achieves this share of the offered rate
PORT=${PORT:-5090}
TRANSPORT=${TRANSPORT:-u1}                # SIPp transport: u1 (UDP) or t1 (TCP)
HEAP=${HEAP:-1g}
SHUTDOWN_TIMEOUT=${SHUTDOWN_TIMEOUT:-32}
BUDGET=${BUDGET:-330}                     # seconds for the whole run; later ramp steps are skipped
LEAK_WAIT=${LEAK_WAIT:-35}                # idle seconds before the second heap histogram
BUILD=${BUILD:-auto}                      # auto | always | never
SCENARIOS=${SCENARIOS:-"options calls"}   # any of: options calls b2bua proxy
WORK=${WORK:-$(mktemp -d /tmp/sipbench.XXXXXX)}

HOST=127.0.0.1
CLK_TCK=$(getconf CLK_TCK)
START_TS=$(date +%s)
SERVER_PID=""
SERVER_PROFILE=""
CALLEE_PID=""
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: >"$RESULTS"

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

cleanup() {
    if [[ -n "$CALLEE_PID" ]] && kill -0 "$CALLEE_PID" 2>/dev/null; then
        kill "$CALLEE_PID" 2>/dev/null || true
    fi
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        log "killing server $SERVER_PID left running"
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ -n "$CALLEE_PID" ]] && kill -0 "$CALLEE_PID" 2>/dev/null; then
        kill -TERM "$CALLEE_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

for tool in java javac jar sipp awk; do
    command -v "$tool" >/dev/null || die "$tool not found"
done

# ---- 1. build -----------------------------------------------------------------------------------
JAR="$ROOT/container/target/sipcontainer.jar"
need_build() {
    [[ "$BUILD" == always ]] && return 0
    [[ "$BUILD" == never ]] && return 1
    [[ ! -f "$JAR" ]] && return 0
    [[ -n "$(find "$ROOT/container/src/main" "$ROOT/sip-servlets-api/src/main" "$ROOT/services-api/src/main" \
        -newer "$JAR" -type f -print -quit)" ]]
}
if need_build; then
    log "building sip-servlets-api and container"
    if ! (cd "$ROOT" && mvn -o -B -q -Dmaven.test.skip=true install -pl container -am >"$WORK/build.log" 2>&1); then
        [[ -f "$JAR" ]] || { cat "$WORK/build.log" >&2; die "build failed"; }
        log "build failed (see $WORK/build.log); using the existing $JAR"
    fi
fi
[[ -f "$JAR" ]] || die "no $JAR"
# Run a private copy so a rebuild in the repository during the run cannot pull the jar away.
mkdir -p "$WORK/server"
cp "$JAR" "$WORK/server/"
cp -r "$ROOT/container/target/lib" "$WORK/server/"

# ---- the UAS application as uas.sar -------------------------------------------------------------
SERVLET_API=$(find "$HOME/.m2/repository/jakarta/servlet/jakarta.servlet-api/6.0.0" -name 'jakarta.servlet-api-6.0.0.jar' | head -1)
[[ -n "$SERVLET_API" ]] || die "jakarta.servlet-api 6.0.0 not in ~/.m2"
SIP_API="$ROOT/sip-servlets-api/target/classes"
[[ -d "$SIP_API" ]] || SIP_API=$(ls "$WORK"/server/lib/sip-servlets-api-*.jar | head -1)
SAR_SRC="$WORK/uas-sar"
rm -rf "$SAR_SRC"; mkdir -p "$SAR_SRC/WEB-INF/classes" "$WORK/deploy"
javac --release 17 -nowarn -cp "$SIP_API:$SERVLET_API" -d "$SAR_SRC/WEB-INF/classes" \
    "$ROOT/test-suite/src/test/java/org/example/testapps/UasServlet.java"
cat >"$SAR_SRC/WEB-INF/sip.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<sip-app xmlns="http://www.jcp.org/xml/ns/sipservlet" version="2.0">
  <app-name>uas</app-name>
  <display-name>uas</display-name>
  <servlet>
    <servlet-name>uas</servlet-name>
    <servlet-class>org.example.testapps.UasServlet</servlet-class>
    <load-on-startup>1</load-on-startup>
  </servlet>
  <servlet-selection>
    <main-servlet>uas</main-servlet>
  </servlet-selection>
</sip-app>
EOF
rm -f "$WORK/deploy/uas.sar"
jar cf "$WORK/deploy/uas.sar" -C "$SAR_SRC" WEB-INF

# ---- the B2BUA application as b2bua.sar (bridges an INVITE to its X-Target header) --------------
SAR_SRC="$WORK/b2bua-sar"
rm -rf "$SAR_SRC"; mkdir -p "$SAR_SRC/WEB-INF/classes"
javac --release 17 -nowarn -cp "$SIP_API:$SERVLET_API" -d "$SAR_SRC/WEB-INF/classes" \
    "$ROOT/test-suite/src/test/java/org/example/testapps/B2buaServlet.java"
sed -e 's/>uas</>b2bua</g' -e 's/UasServlet/B2buaServlet/' "$WORK/uas-sar/WEB-INF/sip.xml" >"$SAR_SRC/WEB-INF/sip.xml"
rm -f "$WORK/deploy/b2bua.sar"
jar cf "$WORK/deploy/b2bua.sar" -C "$SAR_SRC" WEB-INF

# The DAR routes INVITE to one application: the UAS for "calls", the B2BUA for "b2bua".
INVITE_APP=uas
case " $SCENARIOS " in
    *" b2bua "*)
        [[ " $SCENARIOS " == *" calls "* ]] && die "scenarios calls and b2bua both need INVITE: run them separately"
        INVITE_APP=b2bua ;;
esac
cat >"$WORK/dar.properties" <<EOF
OPTIONS: ("uas", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
INVITE: ("$INVITE_APP", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0")
MESSAGE: ("uas", "DAR:To", "NEUTRAL", "", "NO_ROUTE", "0")
EOF

# ---- the default proxy application as proxy.sar, routed as conf/dar.properties says ----------------
PROXY_SRC="$WORK/proxy-sar"
rm -rf "$PROXY_SRC"; mkdir -p "$PROXY_SRC/WEB-INF/classes" "$WORK/deploy-proxy"
# like every application, the proxy compiles against the services API, not the container
SERVICES_API=$(ls "$WORK"/server/lib/sipcontainer-services-api-*.jar | head -1)
javac --release 17 -nowarn -cp "$SIP_API:$SERVLET_API:$SERVICES_API" -d "$PROXY_SRC/WEB-INF/classes" \
    $(find "$ROOT/apps/proxy/src/main/java" -name '*.java')
rm -f "$WORK/deploy-proxy/proxy.sar"
jar cf "$WORK/deploy-proxy/proxy.sar" -C "$PROXY_SRC" WEB-INF
cp "$ROOT/conf/dar.properties" "$WORK/dar-proxy.properties"

cat >"$WORK/logback.xml" <<'EOF'
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="gov.nist" level="WARN"/>
  <root level="WARN"><appender-ref ref="CONSOLE"/></root>
</configuration>
EOF

# ---- helpers ------------------------------------------------------------------------------------
# CPU jiffies (utime+stime) of a process
proc_jiffies() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# busy and total jiffies of the whole machine
sys_jiffies() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6; exit }' /proc/stat; }
# per-thread CPU jiffies: tid name jiffies
thread_jiffies() {
    local t
    for t in /proc/"$SERVER_PID"/task/*; do
        awk -v tid="${t##*/}" '{ match($0, /\(.*\) /); name = substr($0, RSTART + 1, RLENGTH - 3);
            sub(/^.*\) /, ""); gsub(/ /, "_", name); print tid, name, $12 + $13 }' "$t/stat" 2>/dev/null
    done
}
# GC pauses in gc.log lines after line $1: "count total-ms max-ms"
gc_pauses() {
    tail -n +"$(( $1 + 1 ))" "$WORK/gc.log" | awk '/Pause/ { v = $NF; sub(/ms$/, "", v); n++; s += v; if (v > m) m = v }
        END { printf "%d %.0f %.0f\n", n, s, m }'
}
elapsed() { echo $(( $(date +%s) - START_TS )); }
port_busy() { ss -Hlnu "sport = :$PORT" 2>/dev/null | grep -q . || ss -Hlnt "sport = :$PORT" 2>/dev/null | grep -q .; }

# Waits until the server has drained its backlog: less than 5 % of a core over 0.5 s, 15 s at most.
wait_server_idle() {
    local deadline=$(( $(date +%s) + 15 )) before after
    while (( $(date +%s) < deadline )); do
        before=$(proc_jiffies "$SERVER_PID"); sleep 0.5; after=$(proc_jiffies "$SERVER_PID")
        (( (after - before) * 1000 / CLK_TCK < 25 )) && return 0
    done
    log "server still busy after 15 s"
}

sipp_common=(-t "$TRANSPORT" -i "$HOST" -p 0 -nostdin -max_socket 1024)

# ping: one OPTIONS, succeeds on a 200 (the test UAS answers any; the proxy answers "200 Keepalive"
# to an OPTIONS for itself without a user)
ping_server() {
    local scenario="$ROOT/test-suite/src/test/resources/sipp/options.xml"
    [[ "$SERVER_PROFILE" == proxy ]] && scenario="$BENCH_DIR/keepalive.xml"
    timeout 5 sipp "$HOST:$PORT" "${sipp_common[@]}" -sf "$scenario" \
        -s ping -m 1 -r 1 -timeout 3s -recv_timeout 2000 >/dev/null 2>&1
}

# run_sipp NAME SCENARIO RATE SECONDS [report]
# Offers RATE calls/s for SECONDS (rate x seconds calls), appends a result line to $RESULTS when
# asked, and returns 0 when the rate passed.
run_sipp() {
    local name=$1 scenario=$2 rate=$3 secs=$4 report=${5:-}
    local calls=$(( rate * secs )) dir="$WORK/runs/$name-$rate-$(date +%s)"
    mkdir -p "$dir"
    local scen_args
    case "$scenario" in
        options) scen_args=(-sf "$ROOT/test-suite/src/test/resources/sipp/options.xml" -s bench) ;;
        calls)   scen_args=(-sn uac -d 0 -s bench) ;;
        b2bua)   scen_args=(-sf "$BENCH_DIR/b2bua-uac.xml" -s bench -key target "sip:callee@$HOST:$CALLEE_PORT") ;;
        proxy)   scen_args=(-sf "$BENCH_DIR/proxy-uac.xml" -s callee) ;;
    esac
    local cpu0 sys0 sipp_t
    wait_server_idle
    cpu0=$(proc_jiffies "$SERVER_PID"); sys0=$(sys_jiffies)
    thread_jiffies >"$dir/threads0.txt"
    local gc0; gc0=$(wc -l <"$WORK/gc.log")
    local load0; load0=$(cut -d' ' -f1 /proc/loadavg)
    # -l: at most 2 s worth of calls in flight; -timeout bounds the run if the server stalls
    ( cd "$dir" && TIMEFORMAT='%U %S'; { time sipp "$HOST:$PORT" "${sipp_common[@]}" "${scen_args[@]}" \
        -r "$rate" -m "$calls" -l $(( rate * 2 )) -timeout $(( secs * 3 / 2 + 10 ))s \
        -recv_timeout 10000 -max_recv_loops 10000 -max_sched_loops 10000 \
        -trace_stat -stf stat.csv -fd 1 -trace_err -error_file errors.log -trace_rtt -rtt_freq 100 \
        -trace_screen -screen_file screen.log >sipp.out 2>&1 ; } 2>time.txt ) || true
    wait_server_idle
    local cpu1 sys1; cpu1=$(proc_jiffies "$SERVER_PID"); sys1=$(sys_jiffies)
    thread_jiffies >"$dir/threads1.txt"
    # server CPU by thread group (digits folded to #), most first
    awk -v tck="$CLK_TCK" 'NR == FNR { j[$1] = $3; next }
        { name = $2; gsub(/[0-9]+/, "#", name); ms[name] += ($3 - j[$1]) * 1000 / tck; cnt[name]++ }
        END { for (n in ms) if (ms[n] > 0) printf "%8.0f ms  %3d x %s\n", ms[n], cnt[n], n }' \
        "$dir/threads0.txt" "$dir/threads1.txt" | sort -nr | head -8 >"$dir/threads.txt"
    local gc; gc=$(gc_pauses "$gc0")
    sipp_t=$(tail -1 "$dir/time.txt")
    [[ -s "$dir/stat.csv" ]] || { log "$name @ $rate: no SIPp statistics (see $dir/sipp.out)"; cat "$dir/sipp.out" >&2; return 1; }
    # last cumulative line of the statistics file
    local stats
    stats=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { line = $0 } END { n = split(line, f, ";");
          # ElapsedTime(C) has whole seconds only: use the epoch stamps (last tab field)
          ns = split(f[col["StartTime"]], a, "\t"); nc = split(f[col["CurrentTime"]], b, "\t");
          secs = b[nc] - a[ns];
          print f[col["OutgoingCall(C)"]], f[col["SuccessfulCall(C)"]], f[col["FailedCall(C)"]],
                f[col["Retransmissions(C)"]], secs }' "$dir/stat.csv")
    local created ok failed retrans secs_run
    read -r created ok failed retrans secs_run <<<"$stats"
    local server_ms=$(( (cpu1 - cpu0) * 1000 / CLK_TCK ))
    # 99th percentile of response time 1 (first request to its final response: the call set-up)
    local p99
    p99=$(cat "$dir"/*_rtt.csv 2>/dev/null | awk -F';' '$3 == 1 { print $2 }' | sort -n |
        awk '{ v[NR] = $1 } END { if (NR == 0) { print "-" } else { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.1f", v[i] } }')
    read -r b0 t0 <<<"$sys0"; read -r b1 t1 <<<"$sys1"
    awk -v name="$name" -v rate="$rate" -v calls="$calls" -v created="$created" -v ok="$ok" \
        -v failed="$failed" -v retrans="$retrans" -v secs="$secs_run" -v server_ms="$server_ms" \
        -v sipp_t="$sipp_t" -v busy=$(( b1 - b0 )) -v total=$(( t1 - t0 )) -v tck="$CLK_TCK" \
        -v load="$load0" -v maxfail="$MAX_FAIL_PCT" -v minach="$MIN_ACHIEVED_PCT" -v report="$report" \
        -v out="$RESULTS" -v dir="$dir" -v gc="$gc" -v p99="$p99" '
      BEGIN {
        split(sipp_t, st, " "); sipp_ms = (st[1] + st[2]) * 1000;
        achieved = secs > 0 ? ok / secs : 0;
        fail = calls > 0 ? (calls - ok) * 100 / calls : 100;
        per_k = ok > 0 ? server_ms * 1000 / ok : 0;
        sipp_k = ok > 0 ? sipp_ms * 1000 / ok : 0;
        # machine CPU not used by the server or SIPp, in % of all cores
        other = total > 0 ? (busy * 1000 / tck - server_ms - sipp_ms) * 100 / (total * 1000 / tck) : 0;
        if (other < 0) other = 0;
        pass = (fail < maxfail && achieved * 100 >= rate * minach) ? "pass" : "FAIL";
        split(gc, g, " ");
        line = sprintf("%s\t%d\t%.0f\t%d\t%.3f\t%s\t%d\t%.1f\t%.1f\t%.0f\t%s\t%d/%d/%d\t%s\t%s",
                       name, rate, achieved, ok, fail, p99, retrans, per_k, sipp_k, other, load, g[1], g[2], g[3], pass, dir);
        if (report != "") print line >> out;
        printf "%s @ %d/s: %d/%d ok (%d failed in SIPp, %d not completed), %.0f/s achieved, p99 %s ms, %d retrans, server %.1f CPU-ms/1000, %s\n",
               name, rate, ok, calls, failed, calls - ok - failed, achieved, p99, retrans, per_k, pass > "/dev/stderr";
        exit (pass == "pass" ? 0 : 1)
      }'
}

# ramp NAME SCENARIO FIXED_RATE "RATES": fixed-rate run, then rates upwards until one fails, then one
# bisection step between the last pass and the first failure.
ramp() {
    local name=$1 scenario=$2 fixed=$3 rates=$4 best=0 failed_at=0
    if run_sipp "$name" "$scenario" "$fixed" "$DURATION" report; then best=$fixed; else failed_at=$fixed; fi
    if (( failed_at == 0 )); then
        for r in $rates; do
            (( r <= best )) && continue
            if (( $(elapsed) + RAMP_DURATION * 2 + 20 > BUDGET )); then log "time budget reached, ramp stops before $r/s"; break; fi
            if run_sipp "$name" "$scenario" "$r" "$RAMP_DURATION" report; then best=$r; else failed_at=$r; break; fi
        done
    fi
    if (( failed_at > 0 && best > 0 )) && (( $(elapsed) + RAMP_DURATION * 2 + 20 <= BUDGET )); then
        local mid=$(( (best + failed_at) / 2 ))
        if (( mid > best && mid < failed_at )) && run_sipp "$name" "$scenario" "$mid" "$RAMP_DURATION" report; then best=$mid; fi
    fi
    echo "$name	$best" >>"$WORK/best.tsv"
}

# ---- 2. start the server ------------------------------------------------------------------------
# start_server PROFILE: "uas" (the test UAS answers OPTIONS, INVITE, MESSAGE) or "proxy" (the default
# proxy application with the shipped DAR; user "callee" is the SIPp callee on CALLEE_PORT)
start_server() {
    local profile=$1 deploy="$WORK/deploy" dar="$WORK/dar.properties" extra=()
    if [[ "$profile" == proxy ]]; then
        deploy="$WORK/deploy-proxy"; dar="$WORK/dar-proxy.properties"
        extra=("proxy.static_location=callee=sip:callee@$HOST:$CALLEE_PORT")
    fi
    port_busy && die "port $PORT is already in use on $HOST"
    log "work dir $WORK; starting the $profile server; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    (
        cd "$WORK" && exec java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Xlog:gc:file="$WORK/gc.log" \
            -Dlogback.configurationFile="$WORK/logback.xml" -jar "$WORK/server/sipcontainer.jar" "$ROOT/conf" \
            "listen=udp:$HOST:$PORT,tcp:$HOST:$PORT" "deploy_dir=$deploy" "dar_file=$dar" \
            "work_dir=$WORK/work" "log_level=WARN" "shutdown_timeout=$SHUTDOWN_TIMEOUT" "${extra[@]}"
    ) >>"$WORK/server.out" 2>&1 &
    SERVER_PID=$!
    SERVER_PROFILE=$profile
    local start_ts; start_ts=$(date +%s)
    local deadline=$(( start_ts + 60 ))
    until ping_server; do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.out" >&2; die "server exited during start-up"; }
        (( $(date +%s) < deadline )) || { cat "$WORK/server.out" >&2; die "server did not answer OPTIONS within 60 s"; }
        sleep 0.5
    done
    log "server $SERVER_PID answers OPTIONS after $(( $(date +%s) - start_ts )) s (start-up CPU $(( $(proc_jiffies "$SERVER_PID") * 1000 / CLK_TCK )) ms)"
}

# stop_server: SIGTERM, then at most shutdown_timeout + 10 s; the outcome goes to STOP_RESULT
stop_server() {
    log "SIGTERM to server $SERVER_PID"
    local stop_start; stop_start=$(date +%s%N)
    kill -TERM "$SERVER_PID"
    local stop_deadline=$(( $(date +%s) + SHUTDOWN_TIMEOUT + 10 ))
    while kill -0 "$SERVER_PID" 2>/dev/null && (( $(date +%s) < stop_deadline )); do sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        STOP_RESULT="FAIL: still running $((SHUTDOWN_TIMEOUT + 10)) s after SIGTERM (killed)"
        jcmd "$SERVER_PID" Thread.print >"$WORK/threads-at-stop.txt" 2>&1 || true
        kill -KILL "$SERVER_PID"
    else
        wait "$SERVER_PID" && rc=0 || rc=$?
        STOP_RESULT="exited with status $rc after $(( ($(date +%s%N) - stop_start) / 1000000 )) ms (shutdown_timeout ${SHUTDOWN_TIMEOUT} s)"
    fi
    SERVER_PID=""
}

# use_server PROFILE: the running server if it has that profile, else a fresh one
use_server() {
    [[ "$SERVER_PROFILE" == "$1" && -n "$SERVER_PID" ]] && return 0
    [[ -n "$SERVER_PID" ]] && stop_server
    start_server "$1"
}

# the SIPp callee of the proxied calls, for as long as the proxy scenario runs
start_callee() {
    ss -Hlnu "sport = :$CALLEE_PORT" 2>/dev/null | grep -q . && die "port $CALLEE_PORT is already in use on $HOST"
    mkdir -p "$WORK/callee"
    ( cd "$WORK/callee" && exec sipp -sf "$BENCH_DIR/proxy-uas.xml" -i "$HOST" -p "$CALLEE_PORT" -t "$TRANSPORT" \
        -nostdin -max_recv_loops 10000 -max_sched_loops 10000 -trace_err -error_file errors.log \
        -trace_screen -screen_file screen.log ) >"$WORK/callee/sipp.out" 2>&1 &
    CALLEE_PID=$!
    sleep 0.5
    kill -0 "$CALLEE_PID" 2>/dev/null || { cat "$WORK/callee/sipp.out" >&2; die "the SIPp callee did not start"; }
}

stop_callee() {
    [[ -n "$CALLEE_PID" ]] || return 0
    kill "$CALLEE_PID" 2>/dev/null || true
    wait "$CALLEE_PID" 2>/dev/null || true
    CALLEE_PID=""
}

# ---- 3./4. traffic ------------------------------------------------------------------------------
for s in $SCENARIOS; do
    case "$s" in
        options)
            use_server uas
            run_sipp options-warmup options "$OPTIONS_RATE" "$WARMUP" || log "OPTIONS warm-up had failures"
            ramp options options "$OPTIONS_RATE" "$OPTIONS_RAMP" ;;
        calls)
            use_server uas
            run_sipp calls-warmup calls "$CALL_RATE" "$WARMUP" || log "call warm-up had failures"
            ramp invite-ack-bye calls "$CALL_RATE" "$CALL_RAMP" ;;
        b2bua)
            use_server uas
            # the callee answers every call the B2BUA bridges to it, for the whole scenario
            ( cd "$WORK" && exec sipp -t "$TRANSPORT" -i "$HOST" -p "$CALLEE_PORT" -nostdin -max_socket 1024 \
                -sf "$BENCH_DIR/b2bua-uas.xml" -trace_err -error_file "$WORK/callee-errors.log" \
                >"$WORK/callee.out" 2>&1 ) &
            CALLEE_PID=$!
            run_sipp b2bua-warmup b2bua "$B2BUA_RATE" "$WARMUP" || log "B2BUA warm-up had failures"
            ramp b2bua b2bua "$B2BUA_RATE" "$B2BUA_RAMP"
            kill -TERM "$CALLEE_PID" 2>/dev/null || true
            CALLEE_PID="" ;;
        proxy)
            use_server proxy
            start_callee
            run_sipp proxy-warmup proxy "$PROXY_RATE" "$WARMUP" || log "proxied call warm-up had failures"
            ramp proxied-calls proxy "$PROXY_RATE" "$PROXY_RAMP"
            stop_callee ;;
        *) die "unknown scenario $s" ;;
    esac
done

# ---- leak check: live objects after a full GC, right after the traffic and LEAK_WAIT s later ---
# (UDP non-INVITE server transactions legitimately live 32 s after their final response: Timer J)
histogram() { jcmd "$SERVER_PID" GC.class_histogram >"$WORK/histogram-$1.txt" 2>&1 || true; }
if command -v jcmd >/dev/null; then
    histogram 0
    if (( LEAK_WAIT > 0 )); then log "waiting ${LEAK_WAIT} s for timers to expire before the second heap histogram"; sleep "$LEAK_WAIT"; fi
    histogram 1
    jcmd "$SERVER_PID" GC.heap_info >"$WORK/heap.txt" 2>&1 || true
fi
RSS_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status")

# ---- 5. stop ------------------------------------------------------------------------------------
stop_server

# ---- report -------------------------------------------------------------------------------------
echo
echo "sipcontainer SIPp benchmark  $(date '+%F %T')  $(nproc) cores, transport $TRANSPORT, heap $HEAP, $DURATION s per run"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- container sip-servlets-api 2>/dev/null || echo ' (+ uncommitted changes)')"
echo
fmt='%-15s %9s %10s %8s %7s %7s %7s %11s %12s %7s %5s %16s %s\n'
printf "$fmt" scenario offered/s achieved/s ok-calls fail-% p99-ms retrans srvCPUms/1k sippCPUms/1k other-% load gc-n/ms/max-ms result
while IFS=$'\t' read -r name rate ach ok fail p99 retrans perk sippk other load gc pass dir; do
    printf "$fmt" "$name" "$rate" "$ach" "$ok" "$fail" "$p99" "$retrans" "$perk" "$sippk" "$other" "$load" "$gc" "$pass"
done <"$RESULTS"
echo "(p99-ms: 99th percentile of the time from the first request to its final response, e.g. INVITE to 200;"
echo " srvCPUms/1k: server CPU ms per 1000 successful calls; other-%: machine CPU used by other processes, % of all"
echo " cores; gc: G1 pauses during the run: count / total ms / longest ms; load: 1-min load average at the start)"
# for the first failing run of each scenario: where the server spent its CPU and what SIPp saw
declare -A shown=()
while IFS=$'\t' read -r name rate ach ok fail p99 retrans perk sippk other load gc pass dir; do
    [[ "$pass" == FAIL && -z "${shown[$name]:-}" ]] || continue
    shown[$name]=1
    echo
    echo "$name @ $rate/s (FAIL): server CPU by thread"
    sed 's/^/  /' "$dir/threads.txt"
    echo "  SIPp message counts and last error:"
    awk '/Messages  Retrans/ { on = 1 } on && /^(Last Error|-----)/ { exit } on && !/^ *$/' "$dir/screen.log" | head -14 | sed 's/^/  /'
    grep -m1 'Last Error' "$dir/screen.log" | sed 's/^/  /' || true
done <"$RESULTS"
last_pass=$(awk -F'\t' '$13 == "pass" { d = $14 } END { print d }' "$RESULTS")
if [[ -n "$last_pass" ]]; then
    echo
    echo "last passing run ($(basename "$last_pass")): server CPU by thread"
    sed 's/^/  /' "$last_pass/threads.txt"
fi
echo
while IFS=$'\t' read -r name best; do
    echo "highest passing rate ($name): ${best}/s  (pass = failed < ${MAX_FAIL_PCT} % and achieved >= ${MIN_ACHIEVED_PCT} % of offered)"
done <"$WORK/best.tsv"
echo "server RSS at end: $(( ${RSS_KB:-0} / 1024 )) MB; heap after full GC: $(grep -o 'used [0-9]*K' "$WORK/heap.txt" 2>/dev/null | head -1 || echo '?')"
if [[ -s "$WORK/histogram-1.txt" ]]; then
    echo "live heap after full GC: $(awk '/^Total/ { printf "%d MB", $3 / 1048576 }' "$WORK/histogram-0.txt") right after traffic," \
        "$(awk '/^Total/ { printf "%d MB", $3 / 1048576 }' "$WORK/histogram-1.txt") ${LEAK_WAIT} s later"
    echo "live objects after full GC (leak check), right after traffic -> ${LEAK_WAIT} s later:"
    pattern='io\.sipcontainer\.(session|message|timer|dispatch|stack)\.|gov\.nist\.javax\.sip\.stack\.(SIPServerTransactionImpl|SIPClientTransactionImpl|SIPDialog)$'
    awk -v pat="$pattern" 'FNR == 1 { file++ } $4 ~ pat { n[file, $4] = $2; names[$4] = 1 }
        END { for (c in names) if (n[1, c] + n[2, c] > 50) printf "  %10d -> %10d  %s\n", n[1, c], n[2, c], c }' \
        "$WORK/histogram-0.txt" "$WORK/histogram-1.txt" | sort -nr | head -15
fi
echo "shutdown: $STOP_RESULT"
errors=$(grep -cE '\b(ERROR|Exception)\b' "$WORK/server.out" || true)
warns=$(grep -c ' WARN ' "$WORK/server.out" || true)
echo "server log: $errors ERROR/Exception lines, $warns WARN lines ($WORK/server.out)"
if (( errors > 0 )); then grep -nE '\b(ERROR|Exception)\b' "$WORK/server.out" | head -10 | sed 's/^/  /'; fi
echo "SIPp logs per run under $WORK/runs/; total time $(elapsed) s"
