#!/bin/bash
# Start the benchmark Kamailio (127.0.0.1:5080 udp+tcp) in the background.
# Writes its main pid to test-suite/bench/compare/run/kamailio.pid and logs to test-suite/bench/compare/run/kamailio.log.
# Prints the pid. Stop it with test-suite/bench/compare/kamailio/stop.sh (kills by that pid only).
# Env: KAM_CHILDREN (udp receivers, default 2), KAM_SHM_MB, KAM_PKG_MB, UAS_ADDR.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bench=$(dirname "$here")
run="$bench/run"
mkdir -p "$run"
[ -s "$here/db/htable" ] || "$bench/gen_users.sh" >/dev/null
pidf="$run/kamailio.pid"
if [ -s "$pidf" ] && [ "$(cat /proc/"$(cat "$pidf")"/comm 2>/dev/null)" = kamailio ]; then
  echo "kamailio already running, pid $(cat "$pidf")" >&2; exit 1
fi
rm -f "$pidf"
# shared memory: finished transactions linger 5 s (tm wt_timer) with their cloned requests;
# at ~8000 calls/s 1 GB ran out ("out of mem" -> 500 replies), 4 GB does not
SHM_MB=${KAM_SHM_MB:-4096}
PKG_MB=${KAM_PKG_MB:-32}
# -DD: do not daemonize, so $! is the main process; its children are the workers
kamailio -DD -E -f "$here/kamailio.cfg" -m "$SHM_MB" -M "$PKG_MB" -w "$run" -Y "$run" \
  -A "DBURL=\"text://$here/db\"" -A "CTLSOCK=\"unix:$run/kamailio_ctl\"" \
  -A "UAS_ADDR=\"${UAS_ADDR:-127.0.0.1:5090}\"" -A "KAM_CHILDREN=${KAM_CHILDREN:-2}" \
  </dev/null >"$run/kamailio.log" 2>&1 &
pid=$!
echo "$pid" > "$pidf"
# wait (bounded) until it listens on udp 5080, or dies
for _ in $(seq 1 50); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "kamailio exited at startup, see $run/kamailio.log" >&2; tail -20 "$run/kamailio.log" >&2; rm -f "$pidf"; exit 1; fi
  ss -H -lun 'sport = :5080' 2>/dev/null | grep -q 127.0.0.1 && break
  sleep 0.2
done
sleep 0.5
echo "$pid"
