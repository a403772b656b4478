#!/usr/bin/env bash
# make soak DURATION=30m: a fixed-rate mixed load on a daemon started from the built jar (HTTP and HTTPS files and
# bird-survey queries, Launcelot conversations, UDP round trips; `camelot-client bench` in open loop), with SIGHUP
# reloads at a quarter, half and three quarters of the run. Every 10 s it samples the daemon's heap after a full GC
# (jcmd GC.run, then GC.heap_info), resident memory (VmRSS), open file descriptors and threads. It fails when the
# median of the last fifth of the samples of any of the four exceeds the median of the first fifth by more than 10 %,
# or when the daemon dies. Each load generator keeps at most 8 operations in flight, so that the daemon's connections,
# and with them its file descriptors, stay bounded however slow the machine is. The report: target/soak/report.html
# (inline SVG) and target/soak/samples.csv.
#
# Knobs: DURATION (30m; s, m or h), WARMUP (load before the first sample: a tenth of DURATION, at least 30s), RATE
# (HTTP files over cleartext, per second; the other workloads run at fixed fractions of it, 40), GROWTH_LIMIT
# (percent, 10), DAEMON_OPTS (more JVM options for the daemon, e.g. -XX:NativeMemoryTracking=summary).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAVA_HOME=$(scripts/find-jdk.sh) || exit 1
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
DURATION=${DURATION:-30m}
WARMUP=${WARMUP:-}
RATE=${RATE:-40}
GROWTH_LIMIT=${GROWTH_LIMIT:-10}
INTERVAL=10
OUT="$ROOT/target/soak"

seconds() { # 90s, 3m, 1h -> seconds
  case "$1" in
    *h) echo $(( ${1%h} * 3600 )) ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *[0-9]) echo "$1" ;;
    *) echo "soak: cannot read the duration '$1' (expected e.g. 90s, 30m, 2h)" >&2; exit 2 ;;
  esac
}
run_s=$(seconds "$DURATION") || exit 2
if [ -n "$WARMUP" ]; then
  warm_s=$(seconds "$WARMUP") || exit 2
else
  # JIT compilation, buffer pools and connection counts settle in the first minutes: not part of the comparison
  warm_s=$(( run_s / 10 > 30 ? run_s / 10 : 30 ))
fi
if [ "$run_s" -lt $(( 5 * INTERVAL )) ]; then
  echo "soak: DURATION=$DURATION is too short: at least $(( 5 * INTERVAL ))s, five samples" >&2
  exit 2
fi
[ -x "$JCMD" ] || { echo "soak: $JCMD not found: a full JDK is needed (jcmd)" >&2; exit 1; }
for f in server/target/camelot-server.jar client/target/camelot-client.jar certs/server.pem certs/server-key.pem; do
  [ -f "$f" ] || { echo "soak: $f is missing (make build certs)" >&2; exit 1; }
done

work=$(mktemp -d -t camelot-soak.XXXXXX)
# TCP listeners take port 0 (the ready file says which they got); the UDP listener gets a fixed free port, since its
# sockets are bound anew on a reload and port 0 would then pick another.
udp=
for _ in $(seq 1 50); do
  p=$(( 20000 + RANDOM % 40000 ))
  if [ -z "$(ss -Huln "sport = :$p" 2>/dev/null)" ]; then udp=$p; break; fi
done
[ -n "$udp" ] || { echo "soak: found no free UDP port" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.txt "$OUT"/samples.csv "$OUT"/reloads.txt "$OUT"/report.html
pids=()
daemon=
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null
  for p in "${pids[@]}" $daemon; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT

cat >"$work/soak.yaml" <<EOF
# Written by scripts/soak.sh: every listener on a free loopback port.
shutdown-timeout: 10s
tls:
  certificate: $ROOT/certs/server.pem
  private-key: $ROOT/certs/server-key.pem
logging:
  access-log: $work/access.log
listeners:
  http:
    protocol: http
    host: 127.0.0.1
    port: 0
    routes:
      files:
        root: $ROOT/www
      birds:
        csv: $ROOT/data/birds-sample.csv
        species: $ROOT/data/species-sample.csv
  https:
    protocol: http
    host: 127.0.0.1
    port: 0
    tls: true
    routes:
      files:
        root: $ROOT/www
      birds:
        csv: $ROOT/data/birds-sample.csv
        species: $ROOT/data/species-sample.csv
  launcelot:
    protocol: launcelot
    host: 127.0.0.1
    port: 0
  udp:
    protocol: udp
    host: 127.0.0.1
    port: $udp
    mode: upper
  admin:
    protocol: admin
    host: 127.0.0.1
    port: 0
EOF

# shellcheck disable=SC2086 # DAEMON_OPTS is a list of JVM options
"$JAVA" -Xmx512m ${DAEMON_OPTS:-} -jar server/target/camelot-server.jar --config "$work/soak.yaml" \
  --pid-file "$work/camelot.pid" --ready-file "$work/ready" >"$work/camelot.log" 2>&1 &
daemon=$!
for _ in $(seq 1 300); do
  [ -s "$work/ready" ] && grep -q '^admin ' "$work/ready" && break
  kill -0 "$daemon" 2>/dev/null || break
  sleep 0.1
done
if ! [ -s "$work/ready" ]; then
  echo "soak: the daemon did not start:" >&2
  cat "$work/camelot.log" >&2
  exit 1
fi
port() { awk -v n="$1" '$1 == n { sub(/.*:/, "", $2); print $2 }' "$work/ready"; }
http=$(port http); https=$(port https); launcelot=$(port launcelot); admin=$(port admin)
total_s=$(( warm_s + run_s ))
echo "soak: daemon pid $daemon (http $http, https $https, launcelot $launcelot, udp $udp);" \
  "${warm_s}s of warm-up, then ${run_s}s sampled every ${INTERVAL}s"

bench() { # name rate workload args...
  local name=$1 rate=$2
  shift 2
  "$JAVA" -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar client/target/camelot-client.jar bench "$@" -R "$rate" -c 8 \
    -w "${warm_s}s" -d "${run_s}s" --threads 1 --progress never --json "$OUT/$name.json" >"$OUT/$name.txt" 2>&1 &
  pids+=($!)
}
bench http-files "$RATE" http "http://127.0.0.1:$http/"
bench http-birds $(( RATE / 2 )) http "http://127.0.0.1:$http/birds?limit=50"
bench https-files $(( RATE / 2 )) http "https://localhost:$https/motto.txt" --cacert certs/ca.pem
bench https-birds $(( RATE / 4 )) http "https://localhost:$https/birds/species" --cacert certs/ca.pem
bench launcelot $(( RATE / 5 > 0 ? RATE / 5 : 1 )) launcelot 127.0.0.1 "$launcelot"
bench udp "$RATE" udp 127.0.0.1 "$udp"

# One attach per sample: a full GC, then the heap's occupancy after it (G1: "garbage-first heap total ...K, used ...K").
printf 'GC.run\nGC.heap_info\n' >"$work/jcmd-commands"
sample() { # pid seconds-since-start: one CSV line
  local pid=$1 t=$2 heap rss fds threads
  heap=$("$JCMD" "$pid" -f "$work/jcmd-commands" 2>/dev/null | grep -m1 -o 'used [0-9]*K' | grep -o '[0-9]*')
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
  fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
  # open client connections (not judged; they explain the file descriptors)
  conns=$(curl -fs --max-time 5 "http://127.0.0.1:$admin/metrics" 2>/dev/null \
    | awk '/^camelot_connections_open[{ ]/ { s += $NF } END { printf "%d", s }')
  echo "$t,${heap:-},${rss:-},$fds,${threads:-},${conns:-}"
}

sleep "$warm_s"
echo "seconds,heap_kib,rss_kib,fds,threads,connections" >"$OUT/samples.csv"
: >"$OUT/reloads.txt"
start=$(date +%s)
reloads=($(( run_s / 4 )) $(( run_s / 2 )) $(( run_s * 3 / 4 )))
next_reload=0
status=0
while :; do
  now=$(( $(date +%s) - start ))
  [ "$now" -gt "$run_s" ] && break
  if ! kill -0 "$daemon" 2>/dev/null; then
    echo "soak: FAILED: the daemon died at +${now}s" >&2
    status=1
    break
  fi
  if [ "$next_reload" -lt ${#reloads[@]} ] && [ "$now" -ge "${reloads[$next_reload]}" ]; then
    kill -HUP "$daemon"
    echo "$now" >>"$OUT/reloads.txt"
    echo "soak: +${now}s reload (SIGHUP)"
    next_reload=$(( next_reload + 1 ))
  fi
  line=$(sample "$daemon" "$now")
  echo "$line" >>"$OUT/samples.csv"
  echo "soak: +${now}s heap KiB, rss KiB, fds, threads, connections: ${line#*,}"
  # the next slot of the 10 s grid (a slow sample skips slots rather than shifting the grid)
  sleep $(( INTERVAL - ( $(date +%s) - start ) % INTERVAL ))
done

for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
pids=()
grep -c 'reload' "$work/camelot.log" >/dev/null 2>&1 && grep -i 'reload' "$work/camelot.log" | tail -n 6 >"$OUT/reload-log.txt"
"$JAVA" scripts/soak/SoakReport.java "$OUT" "$GROWTH_LIMIT" "$DURATION" || status=1
if [ $status -eq 0 ]; then
  echo "soak: passed; report: $OUT/report.html"
  rm -rf "$work"
else
  echo "soak: FAILED; report: $OUT/report.html; daemon log and access log in $work"
fi
exit $status
