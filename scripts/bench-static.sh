#!/usr/bin/env bash
# Compares Camelot's http listeners with nginx on the shared benchmark's standard site:
#   scripts/bench-static.sh [compare-static.sh options]     (default: --big)
# Builds what is needed, starts Camelot on 127.0.0.1:$HTTP_PORT (cleartext) and :$HTTPS_PORT (TLS) serving the
# site with the access log off (nginx's is off too), runs $BENCH/compare-static.sh against them, and stops
# Camelot. Everything runs under the shared lock /tmp/camelot-bench.lock so that no two benchmarks overlap.
# Knobs: BENCH (folder of compare-static.sh), HTTP_PORT (18080), HTTPS_PORT (18443), JAVA_OPTS, CAMELOT_ARGS (the
# daemon's own options, e.g. "--set transport=io_uring"), CAMELOT_JAR (another build's server jar), ROUTE_KEYS
# (extra keys of the files route, e.g. "metadata-ttl: 0s"), and the compare script's own (DUR, PAIRS, ...).
#
#   scripts/bench-static.sh --open-loop RATE
# Tail latency in open loop instead: the project's own load generator, `camelot-client bench http -R RATE` (RATE
# requests a second whatever the answers, latency counted from each request's intended send time, so queueing
# counts), on /motto.txt over http and https, against Camelot and against nginx with OPEN_FILE_CACHE=on (2 workers,
# $BENCH/nginx/start.sh) started in the same run; prints p50, p99 and p99.9 of each side by side. Knobs: OL_DUR
# (measured time, 20s), OL_WARMUP (20s: a fresh JVM, the daemon and the generator, compiles its hot paths first), OL_CONNS (requests in flight at most, 100), OL_PATH (/motto.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${BENCH:-} ]]; then
    for d in ../shared/bench ../../shared/bench; do
        [[ -x $d/compare-static.sh ]] && BENCH=$(cd "$d" && pwd) && break
    done
fi
[[ -n ${BENCH:-} && -x $BENCH/compare-static.sh ]] || { echo "set BENCH to the folder of compare-static.sh" >&2; exit 2; }
HTTP_PORT=${HTTP_PORT:-18080}
HTTPS_PORT=${HTTPS_PORT:-18443}
(($# > 0)) || set -- --big
rate=""
if [[ $1 == --open-loop ]]; then
    rate=${2:-}
    [[ $rate =~ ^[0-9]+$ && $rate -gt 0 ]] || { echo "--open-loop needs a rate, requests per second" >&2; exit 2; }
    (($# == 2)) || { echo "--open-loop RATE takes no other arguments" >&2; exit 2; }
fi

exec 9>/tmp/camelot-bench.lock
flock 9

make -s build certs
java=$(scripts/find-jdk.sh)/bin/java
# The daemon's own JVM options (config/jvm.options) unless the caller gives others; JAVA_OPTS="" for the JDK's defaults.
JAVA_OPTS=${JAVA_OPTS-$(scripts/jvm-options.sh)}
site=$("$BENCH/compare-static.sh" --print-site)
run=$(mktemp -d)
pid=""
nginx_pid=""
cleanup() {
    [[ -n $nginx_pid ]] && kill -TERM "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$run"
}
trap cleanup EXIT

cat >"$run/camelot.yaml" <<YAML
tls:
  certificate: $PWD/certs/server.pem
  private-key: $PWD/certs/server-key.pem
listeners:
  http:
    protocol: http
    host: 127.0.0.1
    port: $HTTP_PORT
    routes:
      files:
        root: $site
        ${ROUTE_KEYS:-}
  https:
    protocol: http
    host: 127.0.0.1
    port: $HTTPS_PORT
    tls: true
    routes:
      files:
        root: $site
        ${ROUTE_KEYS:-}
YAML
cp scripts/bench-logback.xml "$run/logback.xml"

# shellcheck disable=SC2086
"$java" ${JAVA_OPTS:-} -jar "${CAMELOT_JAR:-server/target/camelot-server.jar}" --config "$run/camelot.yaml" ${CAMELOT_ARGS:-} >"$run/server.log" 2>&1 9>&- &
pid=$!
for _ in $(seq 100); do
    ss -Hltn "sport = :$HTTPS_PORT" | grep -q . && break
    kill -0 "$pid" 2>/dev/null || { cat "$run/server.log" >&2; exit 1; }
    sleep 0.1
done
echo "camelot: pid $pid, $("$java" -version 2>&1 | head -1), JAVA_OPTS=${JAVA_OPTS:-}, ROUTE_KEYS=${ROUTE_KEYS:-}"
if [[ -z $rate ]]; then
    PROJECT_PID=$pid "$BENCH/compare-static.sh" --http "$HTTP_PORT" --https "$HTTPS_PORT" "$@"
    exit
fi

# Open loop: nginx (open_file_cache on) on two free ports, serving the same site.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
listening() { ss -Hltn "sport = :$1" | grep -q .; }
n_http=$(free_port)
n_https=$(free_port)
mkdir -p "$run/nginx"
OPEN_FILE_CACHE=on SITE=$site RUNDIR=$run/nginx "$BENCH/nginx/start.sh" 2 "$n_http" "$n_https" >"$run/nginx.log" 2>&1 9>&- &
nginx_pid=$!
for _ in $(seq 300); do
    listening "$n_http" && listening "$n_https" && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$run/nginx.log" >&2; exit 1; }
    sleep 0.1
done
echo "nginx: pid $nginx_pid, 2 workers, open_file_cache on, http $n_http, https $n_https"
path=${OL_PATH:-/motto.txt}
for url in "http://127.0.0.1:$HTTP_PORT$path" "http://127.0.0.1:$n_http$path"; do
    cmp -s <(curl -ksf "$url") "$site$path" || { echo "$url does not return $site$path" >&2; exit 1; }
done
open_loop() {   # NAME URL: one measured run; its CSV line in $run/NAME.csv
    "$java" -jar client/target/camelot-client.jar bench http -R "$rate" -c "${OL_CONNS:-100}" \
        -d "${OL_DUR:-20s}" -w "${OL_WARMUP:-20s}" --insecure --progress never --csv "$run/$1.csv" "$2" \
        >"$run/$1.txt" 2>&1 || { cat "$run/$1.txt" >&2; exit 1; }
}
column() {      # NAME COLUMN: a column of the run's CSV
    awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR == 2 { print $k }' "$run/$1.csv"
}
echo "open loop: $rate requests/s on $path, ${OL_DUR:-20s} measured after ${OL_WARMUP:-20s} of warm-up," \
    "at most ${OL_CONNS:-100} in flight; latency from the intended send time (ms)"
printf '%-6s %-8s %10s %9s %9s %9s %9s %7s\n' scheme server "done/s" p50 p99 p99.9 max errors
for scheme in http https; do
    for side in camelot nginx; do
        if [[ $side == camelot ]]; then port=$HTTP_PORT; else port=$n_http; fi
        if [[ $scheme == https ]]; then
            if [[ $side == camelot ]]; then port=$HTTPS_PORT; else port=$n_https; fi
        fi
        open_loop "$scheme-$side" "$scheme://127.0.0.1:$port$path"
        printf '%-6s %-8s %10.0f %9s %9s %9s %9s %7s\n' "$scheme" "$side" "$(column "$scheme-$side" throughput)" \
            "$(column "$scheme-$side" p50_ms)" "$(column "$scheme-$side" p99_ms)" "$(column "$scheme-$side" p999_ms)" \
            "$(column "$scheme-$side" max_ms)" "$(column "$scheme-$side" errors)"
    done
done
