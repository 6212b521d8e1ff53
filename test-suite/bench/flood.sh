#!/usr/bin/env bash
# Flood benchmark (issue 17): a REGISTER flood from one source at a multiple of the max rate while a
# legitimate client sends OPTIONS from another, then normal load from a third source.
#
#   test-suite/bench/flood.sh                 # MODE=overload: pike off, overload control sheds with 503
#   MODE=pike test-suite/bench/flood.sh       # pike on (Kamailio's WITH_ANTIFLOOD): the flooder is banned
#
# Environment: FLOOD_RATE=8000 (REGISTER/s, twice the measured max), FLOOD_S=60, LEGIT_RATE=20
# (OPTIONS/s), ALLOWANCE=25 (overload.source_allowance), NORMAL_RATE=1000 (REGISTER/s after the flood), NORMAL_S=20, PORT=5070, HTTP_PORT=5079.
# Sources: flooder 127.0.0.2, legitimate client 127.0.0.3, normal load 127.0.0.4 (all loopback; the
# server's own 127.0.0.1 is never banned by pike). Needs: sipp, curl, a built repository (./mvnw -B -q
# -DskipTests package). Prints one summary; everything it starts is stopped on exit.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODE=${MODE:-overload}
FLOOD_RATE=${FLOOD_RATE:-8000}
FLOOD_S=${FLOOD_S:-60}
LEGIT_RATE=${LEGIT_RATE:-20}
ALLOWANCE=${ALLOWANCE:-25}
NORMAL_RATE=${NORMAL_RATE:-1000}
NORMAL_S=${NORMAL_S:-20}
PORT=${PORT:-5070}
HTTP_PORT=${HTTP_PORT:-5079}
OUT=${OUT:-$HERE/compare/results/$(date +%Y%m%d-%H%M%S)-flood-$MODE}
HOME_DIR=$OUT/home
mkdir -p "$HOME_DIR/deploy"
cp -r "$ROOT/conf" "$HOME_DIR/conf"
cp "$ROOT"/deploy/*.sar "$HOME_DIR/deploy/"
TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
cfg=$HOME_DIR/conf/sipcontainer.cfg
sed -i -E '/^[[:space:]]*listen[[:space:]]*=/d' "$cfg"
{
    echo "listen = udp:127.0.0.1:$PORT"
    echo "http_listen = 127.0.0.1:$HTTP_PORT"
    echo "http.rpc_token = $TOKEN"
    echo "log_level = WARN"
    echo "shutdown_timeout = 5"
    # the legitimate client's 20 OPTIONS/s are within the allowance (the default of 5 serves a
    # quarter of them while the server is overloaded)
    echo "overload.source_allowance = $ALLOWANCE"
    if [[ "$MODE" == pike ]]; then
        echo "pike.enable = yes"
        echo "pike.reqs_density_per_unit = 100"   # 50/s per source: the legitimate client's 20/s passes
    fi
} >>"$cfg"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
rpc() { curl -s -m 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data "$1" "http://127.0.0.1:$HTTP_PORT/RPC"; }

(cd "$HOME_DIR" && exec "$ROOT/bin/sipcontainer" "$HOME_DIR/conf") >"$OUT/server.out" 2>&1 &
SRV=$!; PIDS+=("$SRV")
for _ in $(seq 1 240); do
    [[ "$(rpc '{"jsonrpc":"2.0","method":"app.list","id":1}' 2>/dev/null)" == *registrar* ]] && break
    sleep 0.5
done
echo "server up ($MODE); warming up 20 s at $NORMAL_RATE REGISTER/s from 127.0.0.4"
SC=$HERE/compare/scenarios
[[ -s "$SC/users.csv" ]] || "$HERE/compare/gen_users.sh" >/dev/null   # generated, not in the repository
(cd "$OUT" && timeout 60 sipp 127.0.0.1:$PORT -i 127.0.0.4 -p 5088 -sf "$SC/register.xml" -inf "$SC/users.csv" \
    -r "$NORMAL_RATE" -m $((NORMAL_RATE * 20)) -nostdin -timeout 40 -recv_timeout 8000 >/dev/null 2>&1) || true

echo "flood: $FLOOD_RATE REGISTER/s from 127.0.0.2 for $FLOOD_S s; $LEGIT_RATE OPTIONS/s from 127.0.0.3"
(cd "$OUT" && timeout $((FLOOD_S + 30)) sipp 127.0.0.1:$PORT -i 127.0.0.2 -p 5085 -sf "$SC/register.xml" \
    -inf "$SC/users.csv" -r "$FLOOD_RATE" -m $((FLOOD_RATE * FLOOD_S)) -nostdin -timeout $((FLOOD_S + 15)) \
    -recv_timeout 4000 -buff_size 4194304 -trace_stat -stf flood_stat.csv >/dev/null 2>&1) &
FLOOD=$!; PIDS+=("$FLOOD")
(cd "$OUT" && timeout $((FLOOD_S + 30)) sipp 127.0.0.1:$PORT -i 127.0.0.3 -p 5086 -sf "$HERE/keepalive.xml" \
    -r "$LEGIT_RATE" -m $((LEGIT_RATE * FLOOD_S)) -nostdin -timeout $((FLOOD_S + 15)) -recv_timeout 4000 \
    -trace_stat -stf legit_stat.csv -trace_rtt -rtt_freq 1 >/dev/null 2>&1) || true
wait "$FLOOD" 2>/dev/null || true
STATS_FLOOD=$(rpc '{"jsonrpc":"2.0","method":"stats.get_statistics","params":["overload:","pike:"],"id":1}')
JPID=$(pgrep -P "$SRV" java || echo "$SRV")
# what the flood left live: the heap used right after a full collection
jcmd "$JPID" GC.run >/dev/null 2>&1 || true
HEAP_FLOOD=$(jcmd "$JPID" GC.heap_info 2>/dev/null | grep -E 'used' | head -1 | tr -s ' ')

echo "after: $NORMAL_RATE REGISTER/s from 127.0.0.4 for $NORMAL_S s"
t0=$(date +%s.%N)
(cd "$OUT" && timeout $((NORMAL_S + 40)) sipp 127.0.0.1:$PORT -i 127.0.0.4 -p 5088 -sf "$SC/register.xml" \
    -inf "$SC/users.csv" -r "$NORMAL_RATE" -m $((NORMAL_RATE * NORMAL_S)) -nostdin -timeout $((NORMAL_S + 30)) \
    -recv_timeout 8000 -trace_stat -stf normal_stat.csv -trace_rtt -rtt_freq 1 >/dev/null 2>&1) || true

last() { # csv field -> value of the last line
    awk -F';' -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == f) c = i; next } { v = $c } END { print v }' "$OUT/$1"
}
p99() { # rtt file glob -> p99 ms of response time 1 (SIPp: Date_ms;response_time_ms;rtd_no)
    cat "$OUT"/$1 2>/dev/null | awk -F';' '$2 ~ /^[0-9.]+$/ { print $2 }' | sort -g \
        | awk '{ a[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; if (NR) printf "%.0f", a[i]; else print "-" }'
}
{
    echo "mode=$MODE flood=$FLOOD_RATE/s for ${FLOOD_S}s legit=$LEGIT_RATE OPTIONS/s normal=$NORMAL_RATE/s"
    echo "flood client: ok=$(last flood_stat.csv 'SuccessfulCall(C)') failed=$(last flood_stat.csv 'FailedCall(C)') (503s and drops count as failed)"
    echo "legitimate client during the flood: ok=$(last legit_stat.csv 'SuccessfulCall(C)') failed=$(last legit_stat.csv 'FailedCall(C)') p99=$(p99 'keepalive_*_rtt.csv') ms"
    echo "normal load after the flood: ok=$(last normal_stat.csv 'SuccessfulCall(C)') failed=$(last normal_stat.csv 'FailedCall(C)') p99=$(p99 'register_*_rtt.csv') ms"
    echo "server statistics after the flood: $STATS_FLOOD"
    echo "live heap right after the flood (after a full GC): $HEAP_FLOOD"
    echo "heap at the end: $(jcmd "$JPID" GC.heap_info 2>/dev/null | grep -E 'total|used' | head -2 | tr -s ' ' | tr '\n' ' ')"
    echo "load: $(uptime)"
} | tee "$OUT/summary.txt"
