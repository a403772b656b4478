#!/usr/bin/env bash
# make demo: start the daemon with the default configuration, wait until every listener serves, run each client once,
# print what each got, stop the daemon, and exit non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?}/bin/java"
CLIENT=(timeout 20 "$JAVA" -jar client/target/camelot-client.jar)
log=$(mktemp -t camelot-demo.XXXXXX.log)
"$JAVA" -jar server/target/camelot-server.jar --config config/camelot.yaml >"$log" 2>&1 &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
trap cleanup EXIT

ready=""
for _ in $(seq 1 150); do
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  if "${CLIENT[@]}" http get http://127.0.0.1:9180/readyz >/dev/null 2>&1; then ready=yes; break; fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "demo: the daemon did not become ready; its log:" >&2
  cat "$log" >&2
  exit 1
fi
grep -E "bound to" "$log" | sed 's/^.* - /  /'

failures=0
step() { # title, command...
  local title=$1; shift
  printf '\n== %s\n$ %s\n' "$title" "$*"
  local out rc
  out=$("$@" 2>&1); rc=$?
  printf '%s\n' "$out" | head -n 25
  if [ $rc -ne 0 ]; then echo "-- FAILED (exit $rc)"; failures=$((failures + 1)); else echo "-- ok"; fi
}
step "HTTP (cleartext, port 1337)" "${CLIENT[@]}" http get -i http://localhost:1337/motto.txt
step "HTTPS (port 1972, verified against the development CA)" "${CLIENT[@]}" http get --cacert certs/ca.pem https://localhost:1972/motto.txt
step "Bird survey query" "${CLIENT[@]}" http get 'http://localhost:1337/birds?year=2021&limit=2'
step "Launcelot (port 1060)" "${CLIENT[@]}" launcelot localhost 1060
step "UDP upper (port 6789)" "${CLIENT[@]}" udp send localhost 6789 "hello from the demo" --reply
step "upper (port 1234)" "${CLIENT[@]}" upper localhost 1234 "the classic first server"
step "Admin health (port 9180)" "${CLIENT[@]}" http get http://127.0.0.1:9180/healthz

cleanup
trap - EXIT
wait "$pid" 2>/dev/null
echo
if [ "$failures" -gt 0 ]; then
  echo "demo: $failures step(s) failed; daemon log: $log"
  exit 1
fi
rm -f "$log"
echo "demo: every client got its answer"
