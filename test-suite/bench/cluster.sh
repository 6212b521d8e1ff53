#!/usr/bin/env bash
# What the cluster costs (issue 12): REGISTERs and record-routed proxied calls through
#   off  - one node with cluster.enable = no (the in-memory store)
#   one  - one node as the README starts it (a Hazelcast member alone)
#   two  - two nodes sharing state, SIPp spreading the load over both (half the rate to each)
# For each: successful and failed REGISTERs and calls at the same offered rates, the servers' CPU-ms
# per 1000, and the calls' mean INVITE->200 time. Loopback only; servers started with bin/sipcontainer.
#   test-suite/bench/cluster.sh
#   REG_RATE=4000 CALL_RATE=400 DURATION=20 MODES="one two" test-suite/bench/cluster.sh
# Needs the build (container/target, apps/*/target/*.sar), sipp.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCEN="$ROOT/test-suite/bench/compare/scenarios"
REG_RATE=${REG_RATE:-2000}
CALL_RATE=${CALL_RATE:-200}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
MODES=${MODES:-"off one two"}
WORK=${WORK:-$(mktemp -d /tmp/sipcluster.XXXXXX)}
PORTS=(5070 5072)
UAS_PORT=5090
REGISTER="$ROOT/test-suite/bench/register.xml"   # one new user per REGISTER
log() { printf '[cluster %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
for tool in java sipp; do command -v "$tool" >/dev/null || die "$tool not found"; done

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# start_node INDEX MODE: a server home of its own, listening on PORTS[INDEX]
start_node() {
    local i=$1 mode=$2 home="$WORK/$2-node$1"
    rm -rf "$home"; mkdir -p "$home/deploy"
    cp -r "$ROOT/conf" "$home/conf"
    cp "$ROOT/apps/registrar/target/registrar.sar" "$ROOT/apps/proxy/target/proxy.sar" "$home/deploy/"
    sed -i -E '/^[[:space:]]*listen[[:space:]]*=/d' "$home/conf/sipcontainer.cfg"
    {
        echo "listen = udp:127.0.0.1:${PORTS[$i]}"
        echo "http_listen = 127.0.0.1:$(( 5079 + i ))"
        echo "log_level = WARN"
        echo "deploy_dir = $home/deploy"
        echo "proxy.static_location = uas=sip:127.0.0.1:$UAS_PORT"
        case "$mode" in
            off) echo "cluster.enable = no" ;;
            two) echo "cluster.name = bench-$$"
                 echo "cluster.port = $(( 5801 + i ))"
                 echo "cluster.members = 127.0.0.1:5801, 127.0.0.1:5802" ;;
        esac
    } >>"$home/conf/sipcontainer.cfg"
    (cd "$home" && exec "$ROOT/bin/sipcontainer" "$home/conf") >"$home/server.out" 2>&1 &
    PIDS+=($!)
    local deadline=$(( $(date +%s) + 90 ))
    until grep -q "sipcontainer started" "$home/server.out"; do
        (( $(date +%s) < deadline )) || die "node $i did not start (see $home/server.out)"
        sleep 0.5
    done
}

cpu_ms() { # total CPU ms of the java processes serving PORTS (utime + stime)
    local total=0 pid
    for pid in $(pgrep -f "$WORK/$1-node" || true); do
        [[ -r /proc/$pid/stat ]] || continue
        total=$(( total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat") ))
    done
    echo $(( total * 1000 / $(getconf CLK_TCK) ))
}

col() { # csv column by name, last line
    awk -F';' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } END { print $k }' "$1"
}
ms() { awk -F: '{ printf "%.1f", ($1 * 3600 + $2 * 60 + $3) * 1000 + $4 / 1000 }' <<<"$1"; }

# load NAME NODES SCENARIO SERVICE RATE EXTRA...: SIPp against each node at RATE/NODES, DURATION s
load() {
    local name=$1 nodes=$2 scen=$3 service=$4 rate=$5; shift 5
    local per=$(( rate / nodes )) i pids=()
    for (( i = 0; i < nodes; i++ )); do
        ( cd "$WORK" && exec timeout $(( DURATION * 3 + 30 )) sipp "127.0.0.1:${PORTS[$i]}" -sf "$scen" \
            -i 127.0.0.1 -p $(( 5085 + i )) -r "$per" -m $(( per * DURATION )) -nostdin -s "$service" \
            -trace_stat -stf "$name-$i.csv" -fd 1 -trace_err -error_file "$name-$i-errors.log" "$@" ) >"$WORK/$name-$i.out" 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
}

printf '| mode | REGISTER ok/offered | srv CPU-ms per 1000 REGISTER | calls ok/offered | srv CPU-ms per 1000 calls | mean INVITE->200 ms |\n' >"$WORK/table.md"
printf '|---|---|---|---|---|---|\n' >>"$WORK/table.md"
( cd "$WORK" && exec sipp -sf "$SCEN/uas.xml" -i 127.0.0.1 -p "$UAS_PORT" -nostdin ) >"$WORK/uas.out" 2>&1 &
PIDS+=($!)
for mode in $MODES; do
    nodes=1; [[ "$mode" == two ]] && nodes=2
    log "mode $mode: starting $nodes node(s); load $(cut -d' ' -f1-3 /proc/loadavg)"
    for (( i = 0; i < nodes; i++ )); do start_node "$i" "$mode"; done
    DURATION=$WARMUP load "w$mode" "$nodes" "$REGISTER" "w$mode-" "$REG_RATE"
    c0=$(cpu_ms "$mode"); load "r$mode" "$nodes" "$REGISTER" "r$mode-" "$REG_RATE"; c1=$(cpu_ms "$mode")
    reg_ok=0; for (( i = 0; i < nodes; i++ )); do reg_ok=$(( reg_ok + $(col "$WORK/r$mode-$i.csv" "SuccessfulCall(C)") )); done
    DURATION=$WARMUP load "wc$mode" "$nodes" "$SCEN/uac.xml" uas "$CALL_RATE" -d 1000
    c2=$(cpu_ms "$mode"); load "c$mode" "$nodes" "$SCEN/uac.xml" uas "$CALL_RATE" -d 1000; c3=$(cpu_ms "$mode")
    call_ok=0; rt=""
    for (( i = 0; i < nodes; i++ )); do
        call_ok=$(( call_ok + $(col "$WORK/c$mode-$i.csv" "SuccessfulCall(C)") ))
        rt="$rt $(ms "$(col "$WORK/c$mode-$i.csv" "ResponseTime1(C)")")"
    done
    printf '| %s | %d/%d | %d | %d/%d | %d | %s |\n' "$mode" "$reg_ok" $(( REG_RATE * DURATION )) \
        $(( (c1 - c0) * 1000 / (reg_ok > 0 ? reg_ok : 1) )) "$call_ok" $(( CALL_RATE * DURATION )) \
        $(( (c3 - c2) * 1000 / (call_ok > 0 ? call_ok : 1) )) "$(echo $rt)" >>"$WORK/table.md"
    for p in $(pgrep -f "$WORK/$mode-node" || true); do kill "$p" 2>/dev/null || true; done
    while pgrep -f "$WORK/$mode-node" >/dev/null; do sleep 0.5; done
done
log "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/table.md"
