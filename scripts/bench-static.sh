#!/usr/bin/env bash
# Compares Camelot's http listeners with nginx on the shared benchmark's standard site:
#   scripts/bench-static.sh [compare-static.sh options]     (default: --big)
# Builds what is needed, starts Camelot on 127.0.0.1:$HTTP_PORT (cleartext) and :$HTTPS_PORT (TLS) serving the
# site with the access log off (nginx's is off too), runs $BENCH/compare-static.sh against them, and stops
# Camelot. Everything runs under the shared lock /tmp/camelot-bench.lock so that no two benchmarks overlap.
# Knobs: BENCH (folder of compare-static.sh), HTTP_PORT (18080), HTTPS_PORT (18443), JAVA_OPTS, and the
# compare script's own (DUR, PAIRS, WARMUP, ...).
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

exec 9>/tmp/camelot-bench.lock
flock 9

make -s build certs
java=$(scripts/find-jdk.sh)/bin/java
site=$("$BENCH/compare-static.sh" --print-site)
run=$(mktemp -d)
pid=""
cleanup() {
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
  https:
    protocol: http
    host: 127.0.0.1
    port: $HTTPS_PORT
    tls: true
    routes:
      files:
        root: $site
YAML
cat >"$run/logback.xml" <<'XML'
<configuration>
  <appender name="console" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <logger name="camelot.access" level="OFF"/>
  <logger name="io.netty" level="WARN"/>
  <root level="INFO"><appender-ref ref="console"/></root>
</configuration>
XML

# shellcheck disable=SC2086
"$java" ${JAVA_OPTS:-} -jar server/target/camelot-server.jar --config "$run/camelot.yaml" >"$run/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    ss -Hltn "sport = :$HTTPS_PORT" | grep -q . && break
    kill -0 "$pid" 2>/dev/null || { cat "$run/server.log" >&2; exit 1; }
    sleep 0.1
done
echo "camelot: pid $pid, $("$java" -version 2>&1 | head -1), JAVA_OPTS=${JAVA_OPTS:-}"
PROJECT_PID=$pid "$BENCH/compare-static.sh" --http "$HTTP_PORT" --https "$HTTPS_PORT" "$@"
