#!/usr/bin/env bash
# Compares Camelot's bird-survey endpoint with FastAPI + pandas and with nginx serving the same answer:
#   scripts/bench-birds.sh [CSV]        (default: the shared FeederWatch file, ../shared/data/birds.csv)
# Builds what is needed, starts Camelot on 127.0.0.1:$HTTP_PORT with the CSV mounted at /birds and the access log
# off (the peers log nothing either), runs $BENCH/compare-birds.sh for each query of $QUERIES (by default the
# filtered query year=2023&species=bkcchi, then the whole table), and stops Camelot. Everything runs under the
# shared lock /tmp/camelot-bench.lock so that no two benchmarks overlap.
# Knobs: BENCH (folder of compare-birds.sh), HTTP_PORT (18090), QUERIES ('year=2023&species=bkcchi|'), PEERS
# (compare-birds.sh --peers, default all), ROUTE_KEYS (extra keys of the birds route, YAML lines such as
# 'cluster-memory: 0'), JAVA_OPTS, CAMELOT_ARGS (the daemon's own options, e.g. "--set transport=io_uring"),
# and the compare script's own (DUR, PAIRS, WARMUP, NGINX_WORKERS, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${BENCH:-} ]]; then
    for d in ../shared/bench ../../shared/bench; do
        [[ -x $d/compare-birds.sh ]] && BENCH=$(cd "$d" && pwd) && break
    done
fi
[[ -n ${BENCH:-} && -x $BENCH/compare-birds.sh ]] || { echo "set BENCH to the folder of compare-birds.sh" >&2; exit 2; }
csv=$(realpath "${1:-$BENCH/../data/birds.csv}")
[[ -f $csv ]] || { echo "no CSV at $csv" >&2; exit 2; }
HTTP_PORT=${HTTP_PORT:-18090}
QUERIES=${QUERIES:-'year=2023&species=bkcchi|'}

exec 9>/tmp/camelot-bench.lock
flock 9

make -s build
java=$(scripts/find-jdk.sh)/bin/java
# The daemon's own JVM options (config/jvm.options) unless the caller gives others; JAVA_OPTS="" for the JDK's defaults.
JAVA_OPTS=${JAVA_OPTS-$(scripts/jvm-options.sh)}
run=$(mktemp -d)
pid=""
cleanup() {
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$run"
}
trap cleanup EXIT

cat >"$run/camelot.yaml" <<YAML
listeners:
  http:
    protocol: http
    host: 127.0.0.1
    port: $HTTP_PORT
    routes:
      birds:
        csv: $csv
$(sed 's/^/        /' <<<"${ROUTE_KEYS:-}")
YAML
cp scripts/bench-logback.xml "$run/logback.xml"

# shellcheck disable=SC2086
"$java" ${JAVA_OPTS:-} -jar "${CAMELOT_JAR:-server/target/camelot-server.jar}" --config "$run/camelot.yaml" ${CAMELOT_ARGS:-} >"$run/server.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
    ss -Hltn "sport = :$HTTP_PORT" | grep -q . && break
    kill -0 "$pid" 2>/dev/null || { cat "$run/server.log" >&2; exit 1; }
    sleep 0.1
done
echo "camelot: pid $pid, $("$java" -version 2>&1 | head -1), JAVA_OPTS=${JAVA_OPTS:-}"
grep -m1 "birds mounted" "$run/server.log" || true
echo "route keys: csv: $csv ${ROUTE_KEYS:+($ROUTE_KEYS)}"
IFS='|' read -r -a queries <<<"$QUERIES|"
for q in "${queries[@]}"; do
    PROJECT_PID=$pid "$BENCH/compare-birds.sh" "http://127.0.0.1:$HTTP_PORT/birds" --csv "$csv" --query "$q" \
        ${PEERS:+--peers "$PEERS"}
done
