#!/usr/bin/env bash
REPO=${REPO:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)}
# ab-par.sh ROUNDS JAR... : as ab3.sh, but in each round every server is loaded at the same time (one
# wrk -t1 -c$CONNS -d$DUR each, concurrently), so that the builds share whatever else the machine is doing;
# CPU per request of each process (and of its camelot-io threads) from /proc. NGINX=0: Camelot builds only.
set -uo pipefail
ROUNDS=$1; shift
read -r -a IOT <<<"${IOTHREADS:-}"
DUR=${DUR:-6}; CONNS=${CONNS:-20}; WARM=${WARM:-12}
PATHQ=${PATHQ:-/birds?year=2023&species=bkcchi}
JAVA=$(cd "$REPO" && scripts/find-jdk.sh)/bin/java
OPTS=$(cd $REPO && scripts/jvm-options.sh)
CSV=$(realpath $REPO/../shared/data/birds.csv)
run=$(mktemp -d)
pids=(); ports=(); labels=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$run"; }
trap cleanup EXIT
cp $REPO/scripts/bench-logback.xml "$run/logback.xml"
port=18101
for jar in "$@"; do
  iot=${IOT[$(( port - 18101 ))]:-0}
  cat >"$run/c$port.yaml" <<YAML
io-threads: $iot
listeners:
  http:
    protocol: http
    host: 127.0.0.1
    port: $port
    routes:
      birds:
        csv: $CSV
      files:
        root: $REPO/www
YAML
  $JAVA $OPTS ${EXTRA_OPTS:-} -jar "$jar" --config "$run/c$port.yaml" >"$run/s$port.log" 2>&1 &
  pids+=($!); ports+=($port); labels+=("$(basename $jar .jar)")
  for _ in $(seq 300); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.1; done
  port=$((port+1))
done
urls=(); for p in "${ports[@]}"; do urls+=("http://127.0.0.1:$p$PATHQ"); done
cpids=("${pids[@]}")
if [[ ${NGINX:-1} == 1 ]]; then
  labels+=(nginx); urls+=("http://127.0.0.1:18120${NGINX_PATH:-/birds.json}"); cpids+=("$(pgrep -d' ' -f 'nginx: worker')")
fi
for i in "${!urls[@]}"; do curl -s "${urls[$i]}" | md5sum | sed "s/^/${labels[$i]} /"; done
for i in "${!urls[@]}"; do wrk -t1 -c$CONNS -d${WARM}s "${urls[$i]}" >/dev/null; done
hz=$(getconf CLK_TCK)
cpu() { local t=0; for p in $1; do t=$((t+$(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
iocpu() { local t=0; for p in $1; do for d in /proc/$p/task/*; do case $(cat $d/comm 2>/dev/null) in camelot-io*|nginx*) t=$((t+$(awk '{print $14+$15}' $d/stat)));; esac; done; done; echo $t; }
for r in $(seq $ROUNDS); do
  declare -A c0 i0 outf
  for i in "${!urls[@]}"; do c0[$i]=$(cpu "${cpids[$i]}"); i0[$i]=$(iocpu "${cpids[$i]}"); done
  for i in "${!urls[@]}"; do wrk -t1 -c$CONNS -d${DUR}s "${urls[$i]}" > "$run/w$i" & done
  wait $(jobs -p | tail -n ${#urls[@]}) 2>/dev/null; sleep 0.2
  for i in "${!urls[@]}"; do
    c1=$(cpu "${cpids[$i]}"); i1=$(iocpu "${cpids[$i]}")
    n=$(awk '/requests in/{print $1}' "$run/w$i"); rps=$(awk '/Requests\/sec/{print $2}' "$run/w$i")
    awk -v s=${labels[$i]} -v r=$r -v n=$n -v rps=$rps -v c=$((c1-${c0[$i]})) -v io=$((i1-${i0[$i]})) -v hz=$hz -v l="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN{printf "round %d %-10s %8.0f req/s  cpu/req %6.2f us  io-threads %6.2f us  load %s\n", r, s, rps, c/hz/n*1e6, io/hz/n*1e6, l}'
  done
done
