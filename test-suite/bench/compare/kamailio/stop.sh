#!/bin/bash
# Stop the benchmark Kamailio by the pid recorded in test-suite/bench/compare/run/kamailio.pid.
here=$(cd "$(dirname "$0")" && pwd)
pidf="$(dirname "$here")/run/kamailio.pid"
[ -s "$pidf" ] || { echo "no pid file $pidf" >&2; exit 0; }
pid=$(cat "$pidf")
if [ "$(cat /proc/"$pid"/comm 2>/dev/null)" != kamailio ]; then
  echo "pid $pid is not kamailio (already stopped)" >&2; rm -f "$pidf"; exit 0
fi
kill -TERM "$pid"
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
rm -f "$pidf"
echo "stopped kamailio pid $pid"
