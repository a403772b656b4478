#!/usr/bin/env bash
# Builds the example plugin (examples/kv-plugin) against the installed camelot-api alone, drops its jar into a
# plugins directory, starts the daemon built from this tree with a kv listener on a free port, and talks to it over
# a real socket. Run by `make test` after the main build; expects JAVA_HOME set and server/target/camelot-server.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=(./mvnw -B -ntp -q)
JAVA="${JAVA_HOME:?JAVA_HOME must name a JDK 21+}/bin/java"

work=$(mktemp -d)
daemon=
cleanup() {
  if [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null; then kill -KILL "$daemon" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"${MVN[@]}" install -pl .,api -DskipTests
"${MVN[@]}" -f examples/kv-plugin/pom.xml verify

mkdir -p "$work/plugins"
cp examples/kv-plugin/target/camelot-kv-plugin.jar "$work/plugins/"
cat > "$work/camelot.yaml" <<YAML
plugins: plugins
shutdown-timeout: 5s
listeners:
  kv:
    protocol: kv
    host: 127.0.0.1
    port: 0
    max-entries: 2
YAML

"$JAVA" -jar server/target/camelot-server.jar --config "$work/camelot.yaml" --ready-file "$work/ready" \
  >"$work/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 1 300); do
  [ -s "$work/ready" ] && break
  kill -0 "$daemon" 2>/dev/null || { cat "$work/daemon.log"; echo "example plugin: the daemon did not start"; exit 1; }
  sleep 0.1
done
[ -s "$work/ready" ] || { cat "$work/daemon.log"; echo "example plugin: the daemon was not ready in 30 s"; exit 1; }
port=$(awk '$1 == "kv" { n = split($2, a, ":"); print a[n] }' "$work/ready")

exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'SET a one\nSET b two\nSET c three\nGET a\nDEL a\nGET a\nQUIT\n' >&3
answer=$(timeout 10 cat <&3)
exec 3<&-
expected=$'OK\nOK\nERROR full\nVALUE one\nDELETED\nNOT_FOUND\nBYE'
passed=0 failed=0
if [ "$answer" == "$expected" ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  printf 'example plugin: unexpected answer over the kv listener:\n%s\nexpected:\n%s\n' "$answer" "$expected"
fi

kill -TERM "$daemon"
if wait "$daemon"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "example plugin: the daemon did not exit 0 on SIGTERM"; cat "$work/daemon.log"
fi
daemon=
echo "example plugin: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
