# Sourced by the comparison scripts that start Camelot beside a peer: finds the shared benchmark folder, takes the
# benchmark lock, builds, and starts or stops Camelot with a configuration of the caller's.
#   camelot_start YAML_FILE    starts the daemon (access log off); waits for its ready file; sets CAMELOT_PID
# Knobs: JAVA_OPTS (default: the options of config/jvm.options, as the daemon runs; JAVA_OPTS="" for the JDK's
# defaults), CAMELOT_ARGS (the daemon's own options), CAMELOT_JAR (another build's server jar, to compare two builds
# with the same script).
#   tls_site_yaml FILE PORT SITE [KEYS]   (from bench-site.sh) a configuration of one TLS http listener on 127.0.0.1:PORT
#                              serving SITE with the files route (ROUTE_KEYS added to the route); KEYS: more listener keys
#   median LIST...             the median of numbers
# shellcheck shell=bash
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z ${BENCH:-} ]]; then
    for d in ../shared/bench ../../shared/bench; do
        [[ -f $d/lib.sh ]] && BENCH=$(cd "$d" && pwd) && break
    done
fi
[[ -n ${BENCH:-} && -f $BENCH/lib.sh ]] || { echo "set BENCH to the folder of the shared lib.sh" >&2; exit 2; }
# shellcheck source=/dev/null
source "$BENCH/lib.sh"

exec 9>/tmp/camelot-bench.lock
flock 9
make -s build certs
JAVA=$(scripts/find-jdk.sh)/bin/java
# The daemon's own JVM options unless the caller gives others (one option a line, # comments).
JAVA_OPTS=${JAVA_OPTS-$(scripts/jvm-options.sh)}
RUN=$(mktemp -d)
CAMELOT_PID=""
camelot_stop() {
    [[ -n $CAMELOT_PID ]] && kill -TERM "$CAMELOT_PID" 2>/dev/null && wait "$CAMELOT_PID" 2>/dev/null || true
    stop_peers
    rm -rf "$RUN"
}
trap camelot_stop EXIT

camelot_start() {   # YAML_FILE
    cp scripts/bench-logback.xml "$RUN/logback.xml"
    # shellcheck disable=SC2086
    "$JAVA" ${JAVA_OPTS:-} -Dlogback.configurationFile="$RUN/logback.xml" -jar "${CAMELOT_JAR:-server/target/camelot-server.jar}" \
        --config "$1" --ready-file "$RUN/ready" ${CAMELOT_ARGS:-} >"$RUN/camelot.log" 2>&1 9>&- &
    CAMELOT_PID=$!
    for _ in $(seq 300); do
        [[ -s $RUN/ready ]] && break
        kill -0 "$CAMELOT_PID" 2>/dev/null || { cat "$RUN/camelot.log" >&2; exit 1; }
        sleep 0.1
    done
    [[ -s $RUN/ready ]] || { echo "Camelot did not become ready" >&2; exit 1; }
    echo "camelot: pid $CAMELOT_PID, $("$JAVA" -version 2>&1 | head -1), JAVA_OPTS=${JAVA_OPTS:-}"
}

# shellcheck source=scripts/bench-site.sh
source scripts/bench-site.sh

median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
