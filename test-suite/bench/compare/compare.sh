#!/usr/bin/env bash
# Kamailio 5.6 and sipcontainer side by side on this machine, in one run (issue 11).
#
#   test-suite/bench/compare/compare.sh
#   SCENARIOS="register call" TRANSPORT=udp test-suite/bench/compare/compare.sh
#
# For each scenario (register, register-auth, call) it runs this folder's harness (run.sh, see
# README.md here) first against the harness's own Kamailio, then against sipcontainer started the
# README way (java -jar container/target/sipcontainer.jar <confdir>, or bin/sipcontainer <confdir>
# when the repository has that launcher), fresh for each scenario, and at the end prints one
# markdown table: max rate, CPU-ms per 1000 at a rate both passed, their ratio, p99, the longest
# GC pause of the measured steps and the machine's load.
#
# Environment (all optional; the harness's own settings - RATES, DURATION, SETTLE, HOLD_MS,
# STOP_ON_FAIL, RECV_TIMEOUT_MS, SIPP_BUF, KAM_CHILDREN, ... - are passed through to it):
#   SCENARIOS="register register-auth call"   which scenarios, in this order
#   TRANSPORT=udp        udp | tcp
#   REF_RATE=2000        CPU per 1000 is compared at the highest rate <= this that both passed
#   WARMUP_S=30          unreported traffic before sipcontainer's ramp (JIT warm-up; harness README)
#   KAM_WARMUP_S=0       the same for Kamailio (0, as in the harness's baseline runs)
#   PORT=5070            sipcontainer's SIP port on 127.0.0.1 (udp and tcp)
#   HTTP_PORT=5079       its http_listen port (JSON-RPC: readiness and subscriber provisioning);
#                        not the shipped 8080, which other servers on a shared machine may hold
#   BUILD=auto           auto: build when the jar or a default .sar is missing; always; never
#   GC_LOG=yes           log GC pauses through JAVA_TOOL_OPTIONS (the only JVM option added)
#   PORT_WAIT=900        seconds to wait for the benchmark's ports to be free before giving up
#   OUT=                 results directory (default test-suite/bench/compare/results/<date>-compare)
#   REPORT=<results dir> run nothing: print the table again from an earlier run's directory
#   EXTRA_CFG=           more sipcontainer settings, ';'-separated, appended to its sipcontainer.cfg
#                        (e.g. EXTRA_CFG="cluster.enable = no" to measure what the cluster costs)
#
# Everything it starts (servers, the harness) is stopped by pid on exit. Loopback only.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)

SCENARIOS_GIVEN=${SCENARIOS:-}
SCENARIOS=${SCENARIOS:-"register register-auth call"}
TRANSPORT=${TRANSPORT:-udp}
PORT=${PORT:-5070}
HTTP_PORT=${HTTP_PORT:-5079}
WARMUP_S=${WARMUP_S:-30}
KAM_WARMUP_S=${KAM_WARMUP_S:-0}
BUILD=${BUILD:-auto}
GC_LOG=${GC_LOG:-yes}
PORT_WAIT=${PORT_WAIT:-900}
START_TIMEOUT=${START_TIMEOUT:-120}
export REF_RATE=${REF_RATE:-2000}
export TRANSPORT
OUT=${OUT:-$HERE/results/$(date +%Y%m%d-%H%M%S)-compare}
JAR="$ROOT/container/target/sipcontainer.jar"
SRV_PID=""
HARNESS_PID=""

log() { # to stderr, and to compare.log once the results directory exists
    if [[ -d "$OUT" ]]; then
        printf '[compare %s] %s\n' "$(date +%T)" "$*" | tee -a "$OUT/compare.log" >&2
    else
        printf '[compare %s] %s\n' "$(date +%T)" "$*" >&2
    fi
}
die() { log "FATAL: $*"; exit 1; }

# ---- the ratio table (at the end of a run, or alone with REPORT=<results dir>) ----------------------
# steps.tsv columns: 2 rate, 14 p99, 19 server ms/1k, 23 host busy %, 26 verdict
table_row() { # scenario
    local scen=$1 k="$OUT/kamailio-$1/steps.tsv" s="$OUT/sipcontainer-$1/steps.tsv" gc
    gc=$(cat "$OUT/sipcontainer-$scen.gc" 2>/dev/null || echo "- -")
    if [[ ! -s "$k" || ! -s "$s" ]]; then
        echo "| $scen | not measured: see compare.log |||||||||||| "
        return
    fi
    awk -F'\t' -v scen="$scen" -v ref="$REF_RATE" -v gc="$gc" \
        -v lk="$(cut -d' ' -f2 "$OUT/kamailio-$scen.load" 2>/dev/null | head -1)" \
        -v ls="$(cut -d' ' -f2 "$OUT/sipcontainer-$scen.load" 2>/dev/null | head -1)" '
        FNR == 1 { file++; next }
        $1 != scen { next }
        { r = $2 + 0; v[file, r] = $26; ms[file, r] = $19; p99[file, r] = $14; busy[file, r] = $23; seen[file, r] = 1
          if ($26 == "PASS" && r > max[file]) max[file] = r
          if ($26 != "PASS" && !(file in ffail)) { ffail[file] = r; fwhy[file] = $26; fp99[file] = $14 }
          if (!(file in first) || r < first[file]) first[file] = r }
        function ratio(a, b) { return (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) ? sprintf("%.2f", a / b) : "-" }
        END {
            # the common rate: the highest rate <= ref that both passed; else the lowest both ran
            c = 0
            for (key in v) { split(key, kk, SUBSEP); r = kk[2] + 0
                if (kk[1] == 1 && r <= ref && v[1, r] == "PASS" && v[2, r] == "PASS" && r > c) c = r }
            note = ""
            if (c == 0) { c = first[2] > first[1] ? first[2] : first[1]; note = " (sipcontainer " (v[2, c] == "" ? "not run" : v[2, c]) ")" }
            split(gc, g, " ")
            fail = (2 in ffail) ? sprintf("%d/s %s, p99 %s ms", ffail[2], fwhy[2], fp99[2]) : "none"
            printf "| %s | %d | %d | %s | %d%s | %s | %s | %s | %s / %s | %s | %s | %s / %s | %s / %s |\n",
                scen, max[1], max[2], ratio(max[2], max[1]), c, note, ms[1, c], ms[2, c], ratio(ms[2, c], ms[1, c]),
                p99[1, c], p99[2, c], fail, (g[1] == "-" ? "-" : g[1] " ms (" g[2] " pauses)"),
                busy[1, c], busy[2, c], lk, ls }' "$k" "$s"
}
print_table() {
    {
        echo "Kamailio 5.6 and sipcontainer, $(sed -n 's/.* transport: \([a-z]*\).*/\1/p' "$OUT/meta.txt" | head -1), $(sed -n 's/^date: //p' "$OUT/meta.txt") ($(nproc) cores, SIPp on the same machine)"
        echo
        echo "| scenario | Kamailio max rate/s | sipcontainer max rate/s | max rate ratio (ours / Kamailio) | common rate/s | Kamailio CPU-ms/1000 | sipcontainer CPU-ms/1000 | CPU ratio (ours / Kamailio) | p99 ms at common rate (Kamailio / ours) | sipcontainer first failing step | longest GC pause in the measured steps | host busy % at common rate (Kamailio / ours) | loadavg 1 min before (Kamailio / ours) |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
        for scen in $SCENARIOS; do table_row "$scen"; done
        echo
        echo "Max rate: highest offered rate that passed (harness verdict); CPU-ms/1000: server CPU per 1000 successful"
        echo "calls/registrations at the common rate (the highest rate <= REF_RATE=$REF_RATE that both passed)."
        [[ "$GC_LOG" == yes ]] && echo "GC pauses from -Xlog:gc passed in JAVA_TOOL_OPTIONS (GC logging only; no other JVM option was added)."
        echo "Machine: $(sed -n 's/^host: //p' "$OUT/meta.txt")"
        sed -n 's/^uptime at end: /         uptime at end: /p' "$OUT/meta.txt"
        echo "Figures on a busy machine are noise: read host busy % and the load before trusting a ratio."
        echo
        echo "Harness summaries:"
        echo '```'
        cat "$OUT"/kamailio-*/summary.txt "$OUT"/sipcontainer-*/summary.txt 2>/dev/null
        echo '```'
    } >"$OUT/table.md"
    cat "$OUT/table.md"
}

if [[ -n "${REPORT:-}" ]]; then
    OUT=$REPORT
    [[ -s "$OUT/meta.txt" ]] || die "$OUT is not a compare.sh results directory (no meta.txt)"
    if [[ -z "$SCENARIOS_GIVEN" ]]; then
        SCENARIOS=""
        for s in register register-auth call; do [[ -d "$OUT/kamailio-$s" ]] && SCENARIOS="$SCENARIOS $s"; done
    fi
    print_table
    exit 0
fi
mkdir -p "$OUT"
for s in $SCENARIOS; do
    case "$s" in register|register-auth|call) ;; *) die "unknown scenario $s (register, register-auth, call)" ;; esac
done
case "$TRANSPORT" in udp|tcp) ;; *) die "TRANSPORT must be udp or tcp" ;; esac
for tool in java sipp kamailio curl ss awk; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y kamailio sip-tester curl)"
done

stop_server() {
    [[ -n "$SRV_PID" ]] || return 0
    if kill -0 "$SRV_PID" 2>/dev/null; then
        kill -TERM "$SRV_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 400); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$SRV_PID" 2>/dev/null && { log "server $SRV_PID did not stop in 40 s: KILL"; kill -KILL "$SRV_PID" 2>/dev/null || true; }
    fi
    wait "$SRV_PID" 2>/dev/null || true
    SRV_PID=""
}
cleanup() {
    # the harness stops its own SIPp and Kamailio when it gets TERM
    if [[ -n "$HARNESS_PID" ]] && kill -0 "$HARNESS_PID" 2>/dev/null; then kill -TERM "$HARNESS_PID" 2>/dev/null || true; fi
    stop_server
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---- 1. build (the README way) ---------------------------------------------------------------------
need_build() {
    case "$BUILD" in
        always) return 0 ;;
        never) return 1 ;;
    esac
    [[ ! -f "$JAR" || ! -f "$ROOT/deploy/registrar.sar" || ! -f "$ROOT/deploy/proxy.sar" ]]
}
if need_build; then
    log "building: ./mvnw -B -q -DskipTests install (the README's build command)"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests install) >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; die "build failed (see $OUT/build.log)"; }
fi
[[ -f "$JAR" ]] || die "no $JAR (build with ./mvnw -B -q -DskipTests install, or run without BUILD=never)"
for app in registrar proxy; do
    [[ -f "$ROOT/deploy/$app.sar" ]] || die "no $ROOT/deploy/$app.sar (the build drops the default applications there)"
done
if [[ -x "$ROOT/bin/sipcontainer" ]]; then
    LAUNCH=("$ROOT/bin/sipcontainer")
else
    LAUNCH=(java -jar "$JAR")
fi

# ---- ports -------------------------------------------------------------------------------------------
# The ports a segment uses must be free: on a shared machine another benchmark may hold them, and a
# collision would show up as failed calls. SIPp: 5085-5088 (register client), 5090-5098 (call UAS
# and UAC); the server: 5080 (Kamailio) or PORT and HTTP_PORT (sipcontainer).
busy_ports() { # scenario kamailio|sipcontainer|sipp (sipp: only SIPp's, our server being up)
    local p out="" sipp server
    if [[ "$1" == call ]]; then sipp=$(seq 5090 5098); else sipp=$(seq 5085 5088); fi
    case "$2" in
        kamailio) server=5080 ;;
        sipcontainer) server="$PORT $HTTP_PORT" ;;
        *) server="" ;;
    esac
    for p in $sipp $server; do
        if ss -H -lun "sport = :$p" 2>/dev/null | grep -q . || ss -H -ltn "sport = :$p" 2>/dev/null | grep -q .; then
            out="$out $p"
        fi
    done
    echo "$out"
}
wait_ports_free() { # scenario kamailio|sipcontainer|sipp
    local deadline=$(( $(date +%s) + PORT_WAIT )) busy
    while busy=$(busy_ports "$1" "$2"); [[ -n "$busy" ]]; do
        (( $(date +%s) < deadline )) || die "ports still in use after ${PORT_WAIT}s:$busy"
        log "waiting for ports in use by another process:$busy ($(ss -H -lunp 2>/dev/null | grep -oE 'users:\(\("[^"]+",pid=[0-9]+' | sort -u | tr '\n' ' '))"
        sleep 10
    done
}

# ---- 2. a server home per scenario ------------------------------------------------------------------
# home/conf is a copy of the repository's conf/ with the benchmark's listen lines and the scenario's
# settings appended (later lines win for single keys; listen lines are replaced); home/deploy holds
# the default applications as the build made them. Homes live under run/ (git-ignored), so the
# register-auth subscriber table (H2 under home/data/db) is provisioned once and kept.
RPC_TOKEN=""
SRV_HOME=""
prepare_home() { # scenario -> sets SRV_HOME and RPC_TOKEN
    local scen=$1 home="$HERE/run/sipcontainer-$1"
    SRV_HOME=$home
    mkdir -p "$home/deploy"
    rm -rf "$home/conf"
    cp -r "$ROOT/conf" "$home/conf"
    cp "$ROOT"/deploy/*.sar "$home/deploy/"
    RPC_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    local cfg="$home/conf/sipcontainer.cfg"
    sed -i -E '/^[[:space:]]*listen[[:space:]]*=/d' "$cfg"
    {
        echo
        echo "# ---- appended by test-suite/bench/compare/compare.sh (scenario $scen) ----"
        echo "listen = udp:127.0.0.1:$PORT"
        echo "listen = tcp:127.0.0.1:$PORT"
        echo "http_listen = 127.0.0.1:$HTTP_PORT"
        echo "http.rpc_token = $RPC_TOKEN"
        # Kamailio's benchmark config logs warnings and errors only (debug=0)
        echo "log_level = WARN"
        echo "shutdown_timeout = 5"
        if [[ -n "${EXTRA_CFG:-}" ]]; then
            tr ';' '\n' <<<"$EXTRA_CFG"
        fi
        case "$scen" in
            register-auth)
                # Kamailio's www_challenge("$td", "1"): MD5, qop=auth, realm = To domain
                echo "auth.enabled = yes"
                echo "auth.algorithms = MD5"
                echo "auth.qop = auth" ;;
            call)
                # Kamailio: R-URI user uas* -> \$du = sip:127.0.0.1:5090;transport=<same as received>
                if [[ "$TRANSPORT" == tcp ]]; then
                    echo "proxy.static_location = uas=sip:127.0.0.1:5090;transport=tcp"
                else
                    echo "proxy.static_location = uas=sip:127.0.0.1:5090"
                fi ;;
        esac
    } >>"$cfg"
}

rpc() { # json -> response body
    curl -s -m 10 -H "Authorization: Bearer $RPC_TOKEN" -H 'Content-Type: application/json' \
        --data "$1" "http://127.0.0.1:$HTTP_PORT/RPC"
}

GC_FILE=""
JVM_START_EPOCH=0
start_server() { # home
    local home=$1
    GC_FILE="$home/gc.log"
    rm -f "$GC_FILE" "$home/server.out"
    local tool_opts=""
    if [[ "$GC_LOG" == yes ]]; then
        tool_opts="-Xlog:gc:file=$GC_FILE:uptimemillis"
    fi
    [[ -n "${JAVA_TOOL_OPTIONS:-}" ]] && log "note: JAVA_TOOL_OPTIONS from the environment ('$JAVA_TOOL_OPTIONS') is replaced"
    log "starting: ${LAUNCH[*]} $home/conf${tool_opts:+ (JAVA_TOOL_OPTIONS=$tool_opts)}"
    ( cd "$home" && JAVA_TOOL_OPTIONS="$tool_opts" exec "${LAUNCH[@]}" "$home/conf" ) >"$home/server.out" 2>&1 </dev/null &
    SRV_PID=$!
    local btime clk st
    btime=$(awk '/^btime/ { print $2 }' /proc/stat); clk=$(getconf CLK_TCK)
    st=$(awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[20] }' "/proc/$SRV_PID/stat" 2>/dev/null || echo 0)
    JVM_START_EPOCH=$(awk -v b="$btime" -v s="$st" -v c="$clk" 'BEGIN { printf "%.3f", b + s / c }')
    # ready when JSON-RPC answers and lists both default applications as deployed
    local deadline=$(( $(date +%s) + START_TIMEOUT )) apps=""
    while :; do
        kill -0 "$SRV_PID" 2>/dev/null || { tail -30 "$home/server.out" >&2; die "server exited at start (see $home/server.out)"; }
        apps=$(rpc '{"jsonrpc":"2.0","method":"app.list","id":1}' 2>/dev/null || true)
        if [[ "$apps" == *'"registrar"'* && "$apps" == *'"proxy"'* ]] && ss -H -lun "sport = :$PORT" | grep -q .; then
            break
        fi
        (( $(date +%s) < deadline )) || { echo "$apps" >&2; tail -30 "$home/server.out" >&2; die "server not ready in ${START_TIMEOUT}s"; }
        sleep 0.5
    done
    log "server pid $SRV_PID ready"
}

# register-auth: the 50,000 a<n>/pw<n> subscribers of scenarios/users.csv, added the documented way
# (subscriber.add, what `bin/sipctl add user@domain password` calls), over one kept-alive HTTP
# connection per batch rather than 50,000 sipctl JVMs. Domain 127.0.0.1 = the REGISTER's To domain,
# which the registrar challenges with as realm. Skipped when the last one exists already.
provision_subscribers() {
    [[ -s "$HERE/scenarios/users.csv" ]] || "$HERE/gen_users.sh" >/dev/null
    local last n
    last=$(awk -F';' 'NR > 1 && $2 != "" { u = $2 } END { print u }' "$HERE/scenarios/users.csv")
    n=$(awk -F';' 'NR > 1 && $2 != ""' "$HERE/scenarios/users.csv" | wc -l)
    if [[ "$(rpc "{\"jsonrpc\":\"2.0\",\"method\":\"subscriber.show\",\"params\":[\"$last@127.0.0.1\"],\"id\":1}")" == *'"result"'* ]]; then
        log "subscribers already provisioned ($last@127.0.0.1 exists)"
        return
    fi
    log "provisioning $n subscribers with subscriber.add (once; kept in $HERE/run/sipcontainer-register-auth/data)"
    local t0 batch="$OUT/provision" added=0 existed=0 failed=0
    t0=$(date +%s)
    mkdir -p "$batch"
    awk -F';' -v url="http://127.0.0.1:$HTTP_PORT/RPC" -v tok="$RPC_TOKEN" -v dir="$batch" '
        NR > 1 && $2 != "" {
            f = sprintf("%s/batch-%03d.curl", dir, int((NR - 2) / 5000))
            if (f in started) print "next" > f   # "next" only between entries: a trailing one is an empty request
            started[f] = 1
            printf "url = \"%s\"\nheader = \"Authorization: Bearer %s\"\nheader = \"Content-Type: application/json\"\n", url, tok > f
            printf "data = {\"jsonrpc\":\"2.0\",\"method\":\"subscriber.add\",\"params\":[\"%s@127.0.0.1\",\"%s\"],\"id\":%d}\n", $2, $3, NR - 1 > f
        }' "$HERE/scenarios/users.csv"
    local f counts a e x
    for f in "$batch"/batch-*.curl; do
        # the bodies come back concatenated, one JSON-RPC reply per subscriber
        counts=$(curl -s -m 600 -K "$f" | awk '{ r += gsub(/"result"/, ""); e += gsub(/"code":409/, ""); x += gsub(/"error"/, "") }
            END { printf "%d %d %d", r, e, x - e }')
        read -r a e x <<<"$counts"
        added=$(( added + a )); existed=$(( existed + e )); failed=$(( failed + x ))
    done
    rm -rf "$batch"
    log "subscribers: $added added, $existed existed, $failed failed, in $(( $(date +%s) - t0 )) s"
    (( failed == 0 )) || die "provisioning failed for $failed subscribers"
}

# longest GC pause logged while the measured steps ran: after the warm-up's SIPp exited (the mtime
# of its rc file) and before the server was stopped. Prints "max_ms count" or "- -".
gc_pauses() { # harness-out scenario
    [[ "$GC_LOG" == yes && -s "$GC_FILE" ]] || { echo "- -"; return; }
    local rc from_ms
    rc=$(ls "$1/$2"/warmup-r*/uac.rc 2>/dev/null | head -1 || true)
    if [[ -n "$rc" ]]; then
        from_ms=$(awk -v m="$(stat -c %Y "$rc")" -v s="$JVM_START_EPOCH" 'BEGIN { printf "%d", (m - s) * 1000 }')
    else
        from_ms=0
    fi
    awk -v from="$from_ms" '
        / Pause / && $NF ~ /ms$/ && !/Concurrent/ {
            t = $1; gsub(/[^0-9]/, "", t); if (t + 0 < from) next
            p = $NF; sub(/ms$/, "", p); n++; if (p + 0 > max) max = p + 0 }
        END { if (n) printf "%.1f %d\n", max, n; else print "- 0" }' "$GC_FILE"
}

# One harness run; repeated (up to 3 times) when SIPp could not bind one of its ports ("errno = 98"):
# on a shared machine another benchmark can take them between the check and the start, and the
# steps would then count the collision as the server's failure.
run_harness() { # label target scenario warmup out
    local label=$1 target=$2 scen=$3 warm=$4 out=$5 extra=() attempt kind=sipp
    [[ -n "$SRV_PID" ]] && extra=(SERVER_PID="$SRV_PID")
    [[ "$label" == kamailio ]] && kind=kamailio
    for attempt in 1 2 3; do
        wait_ports_free "$scen" "$kind"
        echo "loadavg $(cut -d' ' -f1-3 /proc/loadavg)" >"$out.load"
        env "${extra[@]}" LABEL="$label" WARMUP_S="$warm" OUT="$out" "$HERE/run.sh" "$target" "$scen" \
            >>"$OUT/compare.log" 2> >(tee -a "$OUT/compare.log" >&2) &
        HARNESS_PID=$!
        wait "$HARNESS_PID" || log "harness exited with status $? for $label $scen"
        HARNESS_PID=""
        echo "loadavg_end $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out.load"
        if ! cat "$out"/*/*/*errors.log "$out"/*/*/*.stderr 2>/dev/null | grep -q 'errno = 98'; then
            return
        fi
        log "SIPp could not bind a port (another process holds it): $label $scen run $attempt discarded, kept as $out.collided-$attempt"
        rm -rf "$out.collided-$attempt"
        mv "$out" "$out.collided-$attempt"
    done
    log "giving up on $label $scen after 3 port collisions"
}

# ---- 3. the runs -----------------------------------------------------------------------------------
{
    echo "date: $(date -Is)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (modified)')"
    echo "scenarios: $SCENARIOS transport: $TRANSPORT rates: ${RATES:-harness default} duration: ${DURATION:-10}s warmup: sipcontainer ${WARMUP_S}s, kamailio ${KAM_WARMUP_S}s"
    echo "launch: ${LAUNCH[*]} <home>/conf$([[ "$GC_LOG" == yes ]] && echo " with JAVA_TOOL_OPTIONS=-Xlog:gc:file=<home>/gc.log:uptimemillis (GC logging only)")"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "extra sipcontainer settings: ${EXTRA_CFG:-none}"
    echo "kamailio: $(kamailio -v 2>/dev/null | head -1)"
    echo "host: $(nproc) cpus; uptime at start: $(uptime)"
} >"$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

for scen in $SCENARIOS; do
    log "== $scen: Kamailio =="
    run_harness kamailio kamailio "$scen" "$KAM_WARMUP_S" "$OUT/kamailio-$scen"
    wait_ports_free "$scen" sipcontainer
    log "== $scen: sipcontainer =="
    prepare_home "$scen"
    home=$SRV_HOME
    start_server "$home"
    [[ "$scen" == register-auth ]] && provision_subscribers
    run_harness sipcontainer "127.0.0.1:$PORT" "$scen" "$WARMUP_S" "$OUT/sipcontainer-$scen"
    gc_pauses "$OUT/sipcontainer-$scen" "$scen" >"$OUT/sipcontainer-$scen.gc"
    [[ -s "$GC_FILE" ]] && cp "$GC_FILE" "$OUT/sipcontainer-$scen.gc.log"
    cp "$home/server.out" "$OUT/sipcontainer-$scen.server.out" 2>/dev/null || true
    stop_server
done
echo "uptime at end: $(uptime)" >>"$OUT/meta.txt"

print_table
log "results in $OUT (table.md, meta.txt, compare.log, <server>-<scenario>/steps.md)"
