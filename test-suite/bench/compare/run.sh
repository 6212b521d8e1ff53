#!/bin/bash
# SIP server benchmark: SIPp rate ramp against a SIP registrar/proxy on this machine.
#
#   test-suite/bench/compare/run.sh TARGET [SCENARIO...]
#
#   TARGET    kamailio        start test-suite/bench/compare/kamailio (127.0.0.1:5080) for the run, stop it after
#             HOST:PORT       a server that is already running (loopback addresses only)
#   SCENARIO  register        REGISTER -> 200 (no auth), users u<n>
#             register-auth   REGISTER -> 401 -> REGISTER+digest -> 200, users a<n>/pw<n>
#             call            INVITE/ACK/BYE through the server to a SIPp UAS on 127.0.0.1:5090
#             all             the three above (default)
#
# Environment (all optional):
#   RATES="200 500 1000 1500 2000 3000 4000 5000 6000 8000 10000 12000 16000 24000 32000 48000 64000"
#                      offered rates (calls or registrations per second)
#   REF_RATE=2000      rate at which the summary's cpu_ms_per_1k is taken (same load for
#                      every server; falls back to the highest passing rate below it)
#   DURATION=10        seconds of traffic per rate step (SIPp -m = rate*DURATION)
#   TRANSPORT=udp      udp | tcp (SIPp -t u1 / t1)
#   HOLD_MS=1000       call hold time between ACK and BYE (call scenario); keep it > ~50 ms:
#                      with 0 a multi-worker proxy may forward BYE before ACK and SIPp's
#                      strict UAS counts that as an unexpected message
#   WARMUP_S=0         seconds of traffic at the first rate before each scenario's ramp,
#                      not reported (use ~20-30 for a JVM server to get past JIT warm-up)
#   WARMUP_RAMP_S=     seconds over which the warm-up's rate climbs from a tenth of the first
#                      rate to it (default: half of WARMUP_S), so a cold JVM is not offered the
#                      full rate before its JIT has compiled anything
#   DRAIN_S=40         seconds of idle after a warm-up that had failed calls: their transactions
#                      still retransmit (Timer E/F, up to 32 s), and a stray BYE reaching the next
#                      step's fresh SIPp UAS is counted there as a failed call (and uses up its -m)
#   SETTLE=2           seconds of idle between steps
#   STOP_ON_FAIL=1     stop a scenario's ramp at the first failing step (0: run all rates)
#   SERVER_PID=        pid of the server process; its CPU (all threads and all child
#                      processes) is measured. Default: found from the socket listening
#                      on TARGET's port (ss -p), walking up to the top process of that name.
#   LABEL=             name used in the summary (default: kamailio or the target)
#   OUT=               results directory (default test-suite/bench/compare/results/<date>-<label>)
#
# Ports used on 127.0.0.1: server 5080 (when TARGET=kamailio), SIPp register client 5085
# (media 5086/5088, control 5087), SIPp UAS 5090 (media 5092/5094, control 5093),
# SIPp UAC 5091 (media 5096/5098, control 5097).
# Everything is bounded: SIPp -m/-timeout/-recv_timeout plus coreutils timeout; every
# process started here is stopped by its pid on exit.

set -u
BENCH=$(cd "$(dirname "$0")" && pwd)
SC="$BENCH/scenarios"

usage() { sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in -h|--help) usage ;; esac
TARGET=$1; shift
SCENARIOS=${*:-all}
[ "$SCENARIOS" = all ] && SCENARIOS="register register-auth call"

RATES=${RATES:-"200 500 1000 1500 2000 3000 4000 5000 6000 8000 10000 12000 16000 24000 32000 48000 64000"}
REF_RATE=${REF_RATE:-2000}
DURATION=${DURATION:-10}
TRANSPORT=${TRANSPORT:-udp}
HOLD_MS=${HOLD_MS:-1000}
WARMUP_S=${WARMUP_S:-0}
SETTLE=${SETTLE:-2}
WARMUP_RAMP_S=${WARMUP_RAMP_S:-$(( WARMUP_S / 2 ))}
DRAIN_S=${DRAIN_S:-40}
STOP_ON_FAIL=${STOP_ON_FAIL:-1}
RECV_TIMEOUT_MS=${RECV_TIMEOUT_MS:-8000}
# SIPp socket buffers: its 64 KB default overflows at a few thousand calls/s and the
# drops then show up as server failures (the kernel caps it at net.core.rmem_max, 4 MB here)
SIPP_BUF=${SIPP_BUF:-4194304}
LIP=127.0.0.1
UAS_PORT=5090

case "$TRANSPORT" in
  udp) TOPT=u1 ;;
  tcp) TOPT=t1 ;;
  *) echo "TRANSPORT must be udp or tcp" >&2; exit 2 ;;
esac
for s in $SCENARIOS; do
  case "$s" in register|register-auth|call) ;; *) echo "unknown scenario: $s" >&2; usage ;; esac
done
command -v sipp >/dev/null || { echo "sipp not found: apt-get install -y sip-tester" >&2; exit 1; }

MANAGED=0
if [ "$TARGET" = kamailio ]; then
  MANAGED=1; TARGET_HP=127.0.0.1:5080; LABEL=${LABEL:-kamailio}
else
  TARGET_HP=$TARGET; LABEL=${LABEL:-$TARGET}
fi
THOST=${TARGET_HP%:*}; TPORT=${TARGET_HP##*:}
case "$THOST" in
  127.*|localhost) ;;
  *) echo "refusing non-loopback target $THOST: this harness only sends to 127.0.0.0/8" >&2; exit 2 ;;
esac
[ "$THOST" = localhost ] && THOST=127.0.0.1 && TARGET_HP=127.0.0.1:$TPORT
case "$TPORT" in ''|*[!0-9]*) echo "TARGET must be HOST:PORT or kamailio" >&2; exit 2 ;; esac

OUT=${OUT:-$BENCH/results/$(date +%Y%m%d-%H%M%S)-$(echo "$LABEL" | tr -c 'A-Za-z0-9._\n-' '_')}
mkdir -p "$OUT"
[ -s "$SC/users.csv" ] || "$BENCH/gen_users.sh" >/dev/null

CLK=$(getconf CLK_TCK)
CHILD_PIDS=()   # background subshells started here (SIPp wrappers, drop sampler)
PID_FILES=()    # files holding the pid of each `timeout ... sipp` process

cleanup() {
  local p f
  # stop SIPp first: TERM to its coreutils timeout parent, which passes it on to sipp
  for f in "${PID_FILES[@]:-}"; do
    [ -n "$f" ] && [ -s "$f" ] || continue
    p=$(cat "$f")
    [ "$(cat /proc/"$p"/comm 2>/dev/null)" = timeout ] && kill -TERM "$p" 2>/dev/null
  done
  for p in "${CHILD_PIDS[@]:-}"; do
    [ -n "$p" ] && kill -0 "$p" 2>/dev/null && kill -TERM "$p" 2>/dev/null
  done
  if [ "$MANAGED" = 1 ]; then "$BENCH/kamailio/stop.sh" >/dev/null 2>&1; fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

log() { echo "$*" | tee -a "$OUT/run.log" >&2; }

# ---------- measurement helpers ----------

# utime+stime in clock ticks of process $1 and all its descendants (threads included)
tree_ticks() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
    { pid = $1; s = $0; sub(/^.*\) /, "", s); split(s, f, " ")
      ppid[pid] = f[2]; t[pid] = f[12] + f[13] }
    END {
      if (!(root in t)) { print -1; exit }
      ins[root] = 1; ch = 1
      while (ch) { ch = 0; for (p in ppid) if (!(p in ins) && (ppid[p] in ins)) { ins[p] = 1; ch = 1 } }
      sum = 0; for (p in ins) sum += t[p]; print sum }'
}
# idle+iowait jiffies of the whole machine. Busy time is derived from idle time and the
# wall clock: with a tickless kernel idle time is measured exactly, while the user/system
# counters are tick samples that miss short bursts (they read far too low for SIPp-like load).
host_idle() { awk '/^cpu /{ print $5 + $6; exit }' /proc/stat; }
NCPU=$(nproc)
# UDP receive-buffer drops (machine-wide counter)
udp_rcvbuf_errors() { awk '/^Udp:/{ if (!h) { for (i=1;i<=NF;i++) c[$i]=i; h=1 } else { print $(c["RcvbufErrors"]); exit } }' /proc/net/snmp; }
now() { date +%s.%N; }
# "port drops" for every UDP socket on 127.0.0.1 ports 5080-5099 (per-socket drop counter)
udp_port_drops() {
  awk 'function hex(s,  i, n) { n = 0; s = toupper(s)
         for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
         return n }
       NR > 1 { split($2, a, ":"); if (a[1] != "0100007F") next
                p = hex(a[2]); if (p >= 5080 && p <= 5099) print p, $NF }' /proc/net/udp 2>/dev/null
}
# seconds from bash `times` children line (e.g. "0m1.234s 0m0.567s")
times_children_s() {
  [ -s "$1" ] || { echo 0; return; }
  sed -n 2p "$1" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); s += a[1]*60 + a[2] } printf "%.3f", s }'
}
# last line of a SIPp stat csv as shell assignments, prefixed with $2
stat_vars() {
  [ -s "$1" ] || { echo "${2}created=0 ${2}ok=0 ${2}failed=0 ${2}unexp=0 ${2}ooc=0 ${2}retrans=0 ${2}watchdog=0"; return; }
  awk -F';' -v p="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
    { l = $0 }
    END { split(l, f, ";")
      printf "%screated=%d %sok=%d %sfailed=%d %sunexp=%d %sooc=%d %sretrans=%d %swatchdog=%d\n",
        p, f[h["TotalCallCreated"]], p, f[h["SuccessfulCall(C)"]], p, f[h["FailedCall(C)"]],
        p, f[h["FailedUnexpectedMessage(C)"]], p, f[h["OutOfCallMsgs(C)"]] + f[h["DeadCallMsgs(C)"]],
        p, f[h["Retransmissions(C)"]], p, f[h["WatchdogMajor(C)"]] }' "$1"
}
# response-time stats (ms, SIPp has 1 ms resolution) for rtd number $2 from SIPp rtt files
rtt_stats() {
  local rtd=$1; shift
  cat "$@" 2>/dev/null | awk -F';' -v r="$rtd" '$3 == r { print $2 }' | sort -n | awk '
    { a[NR] = $1; s += $1 }
    END { n = NR; if (n == 0) { print "- - - -"; exit }
      i50 = int(n * 0.50); if (i50 < 1) i50 = 1
      i95 = int(n * 0.95); if (i95 < 1) i95 = 1
      i99 = int(n * 0.99); if (i99 < 1) i99 = 1
      printf "%.2f %s %s %s\n", s / n, a[i50], a[i95], a[i99] }'
}
wait_port() { # proto port timeout_s : wait until something listens on 127.0.0.1:port
  local i
  for i in $(seq 1 $(( $3 * 10 ))); do
    if [ "$1" = tcp ]; then ss -H -ltn "sport = :$2" | grep -q .; else ss -H -lun "sport = :$2" | grep -q .; fi && return 0
    sleep 0.1
  done
  return 1
}
wait_gone() { # pid timeout_s
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

# start SIPp in the background in directory $2; output files prefixed $1.
# Sets SIPP_WRAP (pid of the subshell that waits for it and records its CPU time).
start_sipp() {
  local tag=$1 dir=$2 wrap_to=$3; shift 3
  (
    cd "$dir" || exit 1
    timeout -k 5 "$wrap_to" sipp "$@" >"$tag.stdout" 2>"$tag.stderr" </dev/null &
    echo $! >"$tag.pid"
    wait $!
    echo $? >"$tag.rc"
    times >"$tag.times"
  ) &
  SIPP_WRAP=$!
  CHILD_PIDS+=("$SIPP_WRAP")
  PID_FILES+=("$dir/$tag.pid")
}

# ---------- server ----------

# server_up: (managed) start a fresh Kamailio; find SERVER_PID; measure its idle CPU
server_up() {
  if [ "$MANAGED" = 1 ]; then
    SERVER_PID=$("$BENCH/kamailio/start.sh") || { log "could not start kamailio (see $BENCH/run/kamailio.log)"; exit 1; }
    log "started kamailio pid $SERVER_PID ($(kamailio -v 2>/dev/null | head -1 | sed 's/^version: //'), ${KAM_CHILDREN:-2} udp receivers)"
  elif [ -z "${SERVER_PID:-}" ]; then
    SERVER_PID=$(ss -H -lunp "sport = :$TPORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    [ -n "$SERVER_PID" ] || SERVER_PID=$(ss -H -ltnp "sport = :$TPORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    if [ -n "$SERVER_PID" ]; then
      local comm pp
      comm=$(cat /proc/$SERVER_PID/comm)
      while :; do
        pp=$(awk '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print f[2] }' /proc/$SERVER_PID/stat)
        [ "$pp" -gt 1 ] 2>/dev/null && [ "$(cat /proc/$pp/comm 2>/dev/null)" = "$comm" ] || break
        SERVER_PID=$pp
      done
    fi
  fi
  if [ -n "${SERVER_PID:-}" ] && [ -d "/proc/$SERVER_PID" ]; then
    log "server pid $SERVER_PID ($(cat /proc/$SERVER_PID/comm)): CPU of it and its descendants is measured"
  else
    SERVER_PID=""
    log "server pid unknown (set SERVER_PID=...): server CPU will not be reported"
  fi
  if ! wait_port "$TRANSPORT" "$TPORT" 3; then
    log "nothing listens on $TRANSPORT port $TPORT"; exit 1
  fi
  IDLE_PCT=-
  if [ -n "$SERVER_PID" ]; then
    local a b i0 i1
    a=$(tree_ticks "$SERVER_PID"); i0=$(now); sleep 2; b=$(tree_ticks "$SERVER_PID"); i1=$(now)
    IDLE_PCT=$(awk -v a="$a" -v b="$b" -v t0="$i0" -v t1="$i1" -v c="$CLK" 'BEGIN { printf "%.1f", (b - a) / c / (t1 - t0) * 100 }')
    log "server idle cpu: ${IDLE_PCT}% of one core"
  fi
}
# server_down: (managed) stop Kamailio, so that every scenario starts from a fresh server
server_down() {
  if [ "$MANAGED" = 1 ]; then "$BENCH/kamailio/stop.sh" >/dev/null 2>&1; SERVER_PID=""; fi
}

{
  echo "date: $(date -Is)"
  if [ "$MANAGED" = 1 ]; then
    echo "target: $TARGET_HP label: $LABEL (test-suite/bench/compare/kamailio, fresh per scenario, ${KAM_CHILDREN:-2} udp receivers)"
  else
    echo "target: $TARGET_HP label: $LABEL server_pid: ${SERVER_PID:-auto}"
  fi
  echo "scenarios: $SCENARIOS rates: $RATES duration: ${DURATION}s transport: $TRANSPORT hold: ${HOLD_MS}ms warmup: ${WARMUP_S}s"
  echo "host: $(nproc) cpus, $(uname -r), loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "sipp: $(sipp -v 2>&1 | grep -o 'SIPp v[^ ]*' | head -1), socket buffers $SIPP_BUF"
} > "$OUT/meta.txt"
cat "$OUT/meta.txt" >&2

STEPS="$OUT/steps.tsv"
printf 'scenario\trate\ttarget\tcreated\tok\tfailed\tuas_failed\tunexpected\tout_of_call\tretrans\trt_avg_ms\trt_p50_ms\trt_p95_ms\trt_p99_ms\twall_s\tachieved_cps\tsrv_cpu_s\tsrv_cpu_pct\tsrv_ms_per_1k\tsipp_cpu_s\tsipp_cpu_pct\tsipp_ms_per_1k\thost_busy_pct\tudp_rcvbuf_err\tudp_drops_by_port\tverdict\n' > "$STEPS"

# ---------- one rate step ----------
# run_step SCENARIO RATE DURATION TAG   -> appends a line to $STEPS (unless TAG=warmup), sets VERDICT
run_step() {
  local scen=$1 rate=$2 dur=$3 tag=$4
  local dir="$OUT/$scen/$tag-r$rate"
  mkdir -p "$dir"
  local m=$(( rate * dur ))
  local hold_s=$(( (HOLD_MS + 999) / 1000 ))
  local sto=$(( dur * 2 + hold_s + 15 ))                # SIPp -timeout (s)
  local lim=$(( rate * (hold_s + 2) + 1000 ))           # SIPp -l (max open calls)
  local common=(-i "$LIP" -ci "$LIP" -t "$TOPT" -nostdin -trace_stat -fd 1 -trace_rtt -rtt_freq 200
                -trace_err -max_log_size 2000000 -trace_screen -recv_timeout "$RECV_TIMEOUT_MS"
                -buff_size "$SIPP_BUF")
  local s0 ta h0 u0 t0 t1 tb s1 h1 u1 uac_wrap uas_wrap=""
  local rate_args=(-r "$rate")
  if [ "$tag" = warmup ] && [ "$WARMUP_RAMP_S" -gt 0 ]; then
    local r0=$(( rate / 10 > 0 ? rate / 10 : 1 ))
    rate_args=(-r "$r0" -rate_increase $(( (rate - r0 + WARMUP_RAMP_S - 1) / WARMUP_RAMP_S )) -rate_interval 1
               -rate_max "$rate" -no_rate_quit)
  fi

  s0=$( [ -n "$SERVER_PID" ] && tree_ticks "$SERVER_PID" || echo -1 )
  ta=$(now); h0=$(host_idle); u0=$(udp_rcvbuf_errors)
  udp_port_drops > "$dir/udp_drops.start"

  if [ "$scen" = call ]; then
    start_sipp uas "$dir" $(( sto + 15 )) -sf "$SC/uas.xml" -p $UAS_PORT -mp 5092 -cp 5093 \
      -m "$m" -timeout $(( sto + 10 )) -stf uas_stat.csv "${common[@]}"
    uas_wrap=$SIPP_WRAP
    if ! wait_port "$TRANSPORT" $UAS_PORT 5; then log "SIPp UAS did not start (see $dir/uas.stderr)"; fi
  fi

  t0=$(now)
  case "$scen" in
    register)
      start_sipp uac "$dir" $(( sto + 10 )) "$TARGET_HP" -sf "$SC/register.xml" -inf "$SC/users.csv" \
        -p 5085 -mp 5086 -cp 5087 "${rate_args[@]}" -m "$m" -l "$lim" -timeout "$sto" -stf uac_stat.csv "${common[@]}" ;;
    register-auth)
      start_sipp uac "$dir" $(( sto + 10 )) "$TARGET_HP" -sf "$SC/register_auth.xml" -inf "$SC/users.csv" \
        -p 5085 -mp 5086 -cp 5087 "${rate_args[@]}" -m "$m" -l "$lim" -timeout "$sto" -stf uac_stat.csv "${common[@]}" ;;
    call)
      start_sipp uac "$dir" $(( sto + 10 )) "$TARGET_HP" -sf "$SC/uac.xml" \
        -p 5091 -mp 5096 -cp 5097 "${rate_args[@]}" -m "$m" -l "$lim" -d "$HOLD_MS" -timeout "$sto" -stf uac_stat.csv "${common[@]}" ;;
  esac
  uac_wrap=$SIPP_WRAP
  # sample per-socket UDP drops once a second while the client runs (SIPp sockets vanish at exit)
  ( for _ in $(seq 1 $(( sto + 30 ))); do kill -0 "$uac_wrap" 2>/dev/null || break; udp_port_drops; sleep 1; done ) > "$dir/udp_drops.samples" &
  local sampler=$!
  CHILD_PIDS+=("$sampler")
  wait "$uac_wrap"
  t1=$(now)

  if [ -n "$uas_wrap" ]; then
    # the UAS exits by itself after -m calls; if some calls never reached it, ask it to quit
    if ! wait_gone "$uas_wrap" $(( hold_s + 3 )); then
      printf q > /dev/udp/127.0.0.1/5093 2>/dev/null
      if ! wait_gone "$uas_wrap" 5; then
        kill -TERM "$(cat "$dir/uas.pid" 2>/dev/null)" 2>/dev/null
      fi
    fi
    wait "$uas_wrap" 2>/dev/null
  fi

  s1=$( [ -n "$SERVER_PID" ] && tree_ticks "$SERVER_PID" || echo -1 )
  tb=$(now); h1=$(host_idle); u1=$(udp_rcvbuf_errors)
  udp_port_drops >> "$dir/udp_drops.samples"; wait "$sampler" 2>/dev/null
  local drops
  drops=$(awk 'FNR == NR { s[$1] = $2; next } { if (!($1 in m) || $2 > m[$1]) m[$1] = $2 }
    END { o = ""; for (p in m) { d = m[p] - (p in s ? s[p] : 0); if (d > 0) o = o (o ? "," : "") p ":" d }; print (o == "" ? "-" : o) }' \
    "$dir/udp_drops.start" "$dir/udp_drops.samples")

  local created ok failed unexp ooc retrans watchdog
  local uas_created=0 uas_ok=0 uas_failed=0 uas_unexp=0 uas_ooc=0 uas_retrans=0 uas_watchdog=0
  eval "$(stat_vars "$dir/uac_stat.csv" "")"
  [ "$scen" = call ] && eval "$(stat_vars "$dir/uas_stat.csv" uas_)"
  local sipp_cpu
  sipp_cpu=$(awk -v a="$(times_children_s "$dir/uac.times")" -v b="$(times_children_s "$dir/uas.times")" 'BEGIN { printf "%.3f", a + b }')
  local rt
  rt=$(rtt_stats 1 "$dir"/*_rtt.csv)
  gzip -f "$dir"/*_rtt.csv 2>/dev/null   # raw per-call response times, kept compressed

  local line
  line=$(awk -v scen="$scen" -v rate="$rate" -v m="$m" -v created="$created" -v ok="$ok" -v failed="$failed" \
    -v uasf="$uas_failed" -v unexp="$(( unexp + uas_unexp ))" -v ooc="$(( ooc + uas_ooc ))" \
    -v retrans="$(( retrans + uas_retrans ))" -v rt="$rt" -v t0="$t0" -v t1="$t1" -v hold="$( [ "$scen" = call ] && echo "$HOLD_MS" || echo 0 )" \
    -v s0="$s0" -v s1="$s1" -v clk="$CLK" -v sipp="$sipp_cpu" -v h0="$h0" -v h1="$h1" -v u0="$u0" -v u1="$u1" \
    -v ncpu="$NCPU" -v ta="$ta" -v tb="$tb" -v drops="$drops" 'BEGIN {
      split(rt, r, " ")
      wall = t1 - t0; send = wall - hold / 1000; if (send < 0.001) send = 0.001
      ach = created / send
      if (s0 >= 0 && s1 >= 0) { srv = (s1 - s0) / clk; srvs = sprintf("%.2f", srv); srvp = sprintf("%.0f", srv / wall * 100)
        srvk = ok > 0 ? sprintf("%.1f", srv * 1e6 / ok) : "-" } else { srvs = "-"; srvp = "-"; srvk = "-" }
      sippk = ok > 0 ? sprintf("%.1f", sipp * 1e6 / ok) : "-"
      busy = 100 * (1 - (h1 - h0) / clk / ((tb - ta) * ncpu)); if (busy < 0) busy = 0
      fails = failed > uasf ? failed : uasf
      v = "PASS"; why = ""
      if (created == 0 || fails * 1000 >= created) why = why "fail"
      if (unexp > 0) why = why (why ? "," : "") "unexpected"
      if (ach < 0.9 * rate) why = why (why ? "," : "") "lag"
      if (why != "") v = "FAIL(" why ")"
      printf "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%.1f\t%.0f\t%s\t%s\t%s\t%.2f\t%.0f\t%s\t%.0f\t%d\t%s\t%s\n",
        scen, rate, m, created, ok, failed, uasf, unexp, ooc, retrans, r[1], r[2], r[3], r[4], wall, ach,
        srvs, srvp, srvk, sipp, sipp / wall * 100, sippk, busy, u1 - u0, drops, v }')
  VERDICT=$(echo "$line" | awk -F'\t' '{ print $NF }')
  if [ "$tag" = warmup ]; then
    WARMUP_UNCLEAN=$(echo "$line" | awk -F'\t' '{ print $6 + $7 + $8 }')
    log "  warmup $scen @${rate}/s ${dur}s: $(echo "$line" | awk -F'\t' '{ printf "ok=%s failed=%s %s", $5, $6, $NF }')"
  else
    echo "$line" >> "$STEPS"
    echo "$line" | awk -F'\t' '{ printf "  %-13s rate=%-5s ok=%-6s failed=%-5s unexp=%-4s retrans=%-5s rt_avg=%sms p99=%sms achieved=%s/s srv_cpu=%s%% (%s ms/1k) sipp_cpu=%s%% host_busy=%s%% drops=%s -> %s\n",
      $1, $2, $5, $6 + $7, $8, $10, $11, $14, $16, $18, $19, $21, $23, $25, $26 }' | tee -a "$OUT/run.log" >&2
  fi
  if [ "$watchdog" -gt 0 ] 2>/dev/null; then log "  note: SIPp watchdog tripped $watchdog times (SIPp starved of CPU)"; fi
}

# ---------- ramp ----------
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
first_rate=${RATES%% *}
for scen in $SCENARIOS; do
  log "== $scen ($TRANSPORT) against $TARGET_HP =="
  server_up
  if [ "$WARMUP_S" -gt 0 ]; then
    run_step "$scen" "$first_rate" "$WARMUP_S" warmup; sleep "$SETTLE"
    if [ "$WARMUP_UNCLEAN" -gt 0 ]; then log "  warm-up had $WARMUP_UNCLEAN failed or unexpected: ${DRAIN_S}s for its transactions to end"; sleep "$DRAIN_S"; fi
  fi
  for rate in $RATES; do
    run_step "$scen" "$rate" "$DURATION" step
    sleep "$SETTLE"
    case "$VERDICT" in PASS) ;; *) [ "$STOP_ON_FAIL" = 1 ] && break ;; esac
  done
  # summary: highest passing rate; server CPU per 1000 calls at REF_RATE (or the highest
  # passing rate below it) and at the highest passing rate; SIPp CPU per 1000 calls likewise
  awk -F'\t' -v scen="$scen" -v label="$LABEL" -v tr="$TRANSPORT" -v ref="$REF_RATE" '
    NR > 1 && $1 == scen && $26 == "PASS" {
      if ($2 + 0 > max) { max = $2 + 0; atk = $19; atsk = $22; atp99 = $14; atcpu = $18 }
      if ($2 + 0 <= ref + 0 && $2 + 0 > rr) { rr = $2 + 0; rk = $19; rsk = $22 } }
    END {
      if (max == 0) { printf "%s %s max_rate=0 (no passing step) transport=%s\n", label, scen, tr; exit }
      printf "%s %s max_rate=%d cpu_ms_per_1k=%s ref_rate=%d cpu_ms_per_1k_at_max=%s srv_cpu_pct_at_max=%s sipp_cpu_ms_per_1k=%s sipp_cpu_ms_per_1k_at_max=%s p99_ms_at_max=%s transport=%s\n",
        label, scen, max, rk, rr, atk, atcpu, rsk, atsk, atp99, tr }' "$STEPS" >> "$SUMMARY"
  server_down
done

# markdown table of the steps
{
  echo "| scenario | rate/s | ok | failed | unexp | retrans | rt avg ms | rt p99 ms | achieved/s | server CPU % | server ms/1k | SIPp CPU % | SIPp ms/1k | host busy % | UDP drops (port:n) | verdict |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
    $1, $2, $5, $6 + $7, $8, $10, $11, $14, $16, $18, $19, $21, $22, $23, $25, $26 }' "$STEPS"
} > "$OUT/steps.md"

echo "== summary ($OUT) ==" >&2
cat "$SUMMARY"
