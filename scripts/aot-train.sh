#!/usr/bin/env bash
# aot-train.sh [CACHE]: makes the JDK's ahead-of-time cache for the server jar (default
# server/target/camelot-server.aot, the file scripts/camelot uses when it exists). Called by `make build`.
# A training run: the daemon starts with config/camelot.yaml and every listener on a free port, through scripts/camelot
# (so with the options of config/jvm.options, which the cache must match) and -XX:AOTCacheOutput; each listener is used
# once (HTTP, HTTP/2 over TLS, the birds route, Launcelot, upper, UDP, admin) so that the classes of every protocol are
# loaded and linked; then SIGTERM, and the JVM writes the cache as it exits. CACHE.id says which java and jar it was
# made for (scripts/camelot checks it). Needs JDK 25 or newer: with an older one it says so in one line and makes
# nothing. Needs curl.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${1:-server/target/camelot-server.aot}
config=config/camelot.yaml
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
export JAVA_HOME
say() { printf '[aot] %s\n' "$*"; }

feature=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if ((${feature%%.*} < 25)); then
    say "JDK $feature at $JAVA_HOME: the AOT cache needs JDK 25 or newer; skipped (the daemon starts without it)"
    rm -f "$cache" "$cache.id"
    exit 0
fi
command -v curl >/dev/null || { say "curl is needed for the training run" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
    [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

sets=()
for name in $(scripts/listener-names.sh "$config"); do
    sets+=(--set "listeners.$name.port=0")
done
say "training run for $cache ($("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
CAMELOT_AOT_CACHE=none JAVA_OPTS="-XX:AOTCacheOutput=$work/camelot.aot" \
    scripts/camelot --config "$config" "${sets[@]}" --ready-file "$work/ready" >"$work/daemon.log" 2>&1 &
pid=$!
for _ in $(seq 1200); do
    [[ -s $work/ready ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/daemon.log" >&2; say "the daemon stopped before it was ready" >&2; exit 1; }
    sleep 0.1
done
[[ -s $work/ready ]] || { say "the daemon was not ready in 120 s" >&2; exit 1; }

# The ready file: one "NAME HOST:PORT" line per listener.
port() { awk -v n="$1" '$1 == n { sub(/.*:/, "", $2); print $2 }' "$work/ready"; }
fetch() { curl -sS -k -o /dev/null --max-time 30 "$@"; }
fetch "http://127.0.0.1:$(port http)/motto.txt"
fetch "http://127.0.0.1:$(port http)/birds?year=2023"
fetch --http2 "https://127.0.0.1:$(port https)/motto.txt"
fetch --http1.1 "https://127.0.0.1:$(port https)/"
fetch "http://127.0.0.1:$(port admin)/metrics"
fetch "http://127.0.0.1:$(port admin)/status.json"
line_exchange() {   # PORT LINE: sends LINE and reads one answer
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf '%s' "$2" >&3
    read -r -t 30 -n 200 _ <&3 || true
    exec 3<&-
}
line_exchange "$(port launcelot)" 'What is your quest?'
line_exchange "$(port upper)" $'hello camelot\n'
line_exchange "$(port upper-threads)" $'hello camelot\n'
exec 3<>"/dev/udp/127.0.0.1/$(port udp)"
printf 'hello camelot' >&3
read -r -t 30 -n 13 _ <&3 || true
exec 3<&-

kill -TERM "$pid"
wait "$pid" || { cat "$work/daemon.log" >&2; say "the training run did not exit cleanly" >&2; pid=""; exit 1; }
pid=""
[[ -s $work/camelot.aot ]] || { cat "$work/daemon.log" >&2; say "the JVM wrote no cache" >&2; exit 1; }
mv "$work/camelot.aot" "$cache"
# What it was made for, as scripts/camelot checks it: the java, and the jar's size and modification time.
echo "$(readlink -f "$JAVA_HOME/bin/java") $(stat -L -c '%s %Y' server/target/camelot-server.jar)" >"$cache.id"
say "wrote $cache ($(du -h "$cache" | cut -f1))"
