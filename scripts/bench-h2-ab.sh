#!/usr/bin/env bash
# Two builds of Camelot side by side on HTTP/2 over TLS, loaded at the same time, so that both share whatever else
# the machine is doing; prints each daemon's CPU per request without its JIT compiler threads (and with them):
#   scripts/bench-h2-ab.sh BEFORE.jar AFTER.jar [PATH]
# PATH: a file of the shared benchmark's standard site (/100k.bin; also /32k.bin and /1m.bin, added here). Each
# round runs `h2load -t1 -c10 -m10 -n N` against each build at once. Knobs: N (requests per round, 15000), ROUNDS (3),
# WARM (requests of warm-up, 20000), ROUTE_KEYS (extra keys of the files route, e.g.
# "memory-cache-file-size: 262144"). Bounded: h2load runs under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 2 ]] || { echo "usage: $0 BEFORE.jar AFTER.jar [PATH]" >&2; exit 2; }
A=$(realpath "$1") B=$(realpath "$2") path=${3:-/100k.bin}
N=${N:-15000} ROUNDS=${ROUNDS:-3} WARM=${WARM:-20000}
if [[ -z ${BENCH:-} ]]; then
    for d in ../shared/bench ../../shared/bench; do
        [[ -f $d/lib.sh ]] && BENCH=$(cd "$d" && pwd) && break
    done
fi
# shellcheck source=/dev/null
source "$BENCH/lib.sh"
# shellcheck source=scripts/bench-site.sh
source scripts/bench-site.sh
need h2load
make -s certs
site=$(standard_site)
[[ -f $site/32k.bin ]] || head -c 32768 /dev/urandom >"$site/32k.bin"
[[ -f $site/1m.bin ]] || head -c 1048576 /dev/urandom >"$site/1m.bin"
JAVA=$(scripts/find-jdk.sh)/bin/java
RUN=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$RUN"' EXIT

start() {   # JAR PORT NAME: starts a build; appends its pid to PIDS
    tls_site_yaml "$RUN/$3.yaml" "$2" "$site"
    cp scripts/bench-logback.xml "$RUN/logback.xml"
    "$JAVA" -Dlogback.configurationFile="$RUN/logback.xml" -jar "$1" --config "$RUN/$3.yaml" \
        --ready-file "$RUN/$3.ready" >"$RUN/$3.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do [[ -s $RUN/$3.ready ]] && return 0; sleep 0.1; done
    die "$1 did not become ready: $(tail -5 "$RUN/$3.log")"
}
ticks() {   # PID: utime+stime of its threads other than the JIT compilers
    local s=0 c f t
    for t in /proc/$1/task/*; do
        c=$(cat "$t/comm" 2>/dev/null) || continue
        [[ $c == C[12]\ Compiler* ]] && continue
        read -r -a f < <(sed 's/.*) //' "$t/stat" 2>/dev/null) || continue
        s=$((s + f[11] + f[12]))
    done
    echo "$s"
}
all() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
load() {    # PORT COUNT OUT
    timeout 900 h2load -t1 -c10 -m10 -n "$2" "https://127.0.0.1:$1$path" >"$3"
}
ok() { sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$1"; }

pa=$(free_port) pb=$(free_port)
start "$A" "$pa" a
start "$B" "$pb" b
echo "A $(basename "$A") (pid ${PIDS[0]}), B $(basename "$B") (pid ${PIDS[1]}), $path, ${ROUTE_KEYS:-default route}"
both() {    # COUNT OUT_A OUT_B: loads both builds at once (waiting for the two loads only, not the daemons)
    local la lb
    load "$pa" "$1" "$2" & la=$!
    load "$pb" "$1" "$3" & lb=$!
    wait "$la" "$lb"
}
both "$WARM" /dev/null /dev/null
for ((r = 1; r <= ROUNDS; r++)); do
    a0=$(ticks "${PIDS[0]}") b0=$(ticks "${PIDS[1]}") A0=$(all "${PIDS[0]}") B0=$(all "${PIDS[1]}")
    both "$N" "$RUN/a.out" "$RUN/b.out"
    a1=$(ticks "${PIDS[0]}") b1=$(ticks "${PIDS[1]}") A1=$(all "${PIDS[0]}") B1=$(all "${PIDS[1]}")
    awk -v r="$r" -v a=$((a1 - a0)) -v b=$((b1 - b0)) -v A=$((A1 - A0)) -v B=$((B1 - B0)) \
        -v na="$(ok "$RUN/a.out")" -v nb="$(ok "$RUN/b.out")" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        printf "round %d: A %.1f us/request (all threads %.1f), B %.1f (all threads %.1f), B/A %.2f (ok %d/%d)\n",
            r, a * 1e6 / hz / na, A * 1e6 / hz / na, b * 1e6 / hz / nb, B * 1e6 / hz / nb, (b / nb) / (a / na), na, nb }'
done
