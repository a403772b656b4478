#!/usr/bin/env bash
# Server CPU per Launcelot conversation of two builds and of the C epoll server (one thread), in alternating rounds
# of the same minutes: each round starts each server in turn, warms it up with lload, then measures one lload run
# and the server's CPU time (utime+stime of /proc/PID/stat, and of its event-loop threads alone) over it.
#   scripts/ab-launcelot.sh BEFORE.jar AFTER.jar [keep|conn ...]      (default: keep conn)
# Knobs: ROUNDS (3), DUR (6 s per run), WARM (12 s of warm-up per server and round: JIT compilation on a busy
# two-core machine goes on for many seconds and its threads count in the process's CPU), CONNS (50).
# ALLOC=1 adds the bytes the event loops allocate per conversation (JFR's per-thread allocation statistics, dumped
# before and after the measured run), which the machine's load does not change. CPU per conversation moves with the
# load and the throughput: compare medians of several rounds; conversations per second mean little on a busy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
(($# >= 2)) || { sed -n 2,8p "$0" >&2; exit 2; }
before=$(realpath "$1") after=$(realpath "$2")
shift 2
(($# > 0)) || set -- keep conn
ROUNDS=${ROUNDS:-3} DUR=${DUR:-6} WARM=${WARM:-12} CONNS=${CONNS:-50}
for d in ../shared/bench ../../shared/bench; do [[ -f $d/lib.sh ]] && BENCH=$(cd "$d" && pwd) && break; done
[[ -n ${BENCH:-} ]] || { echo "the shared bench folder (../shared/bench) is missing" >&2; exit 2; }
# shellcheck source=/dev/null
source "$BENCH/lib.sh"
lload=$(build_tool lload "$BENCH/launcelot/lload.c" -lm)
epoll=$(build_tool epoll_server "$BENCH/launcelot/epoll_server.c")
JDK=$(scripts/find-jdk.sh)
JAVA=$JDK/bin/java
RUN=$(mktemp -d)
PID=""
trap '[[ -n $PID ]] && kill "$PID" 2>/dev/null; rm -rf "$RUN"' EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
loop_ticks() {   # the event-loop threads' CPU
    local t=0 f
    for f in /proc/"$1"/task/*; do
        [[ $(cat "$f/comm" 2>/dev/null) == camelot-io* ]] && t=$((t + $(awk '{print $14 + $15}' "$f/stat")))
    done
    echo $t
}

start() {   # NAME (a jar or "c"); sets PID and PORT
    PORT=$(free_port)
    rm -f "$RUN/ready"
    if [[ $1 == c ]]; then
        "$epoll" "$PORT" 1 >/dev/null 2>&1 &
        PID=$!
        sleep 0.3
        return
    fi
    printf 'listeners:\n  launcelot:\n    protocol: launcelot\n    host: 127.0.0.1\n    port: %s\n' "$PORT" >"$RUN/c.yaml"
    local jfr=()
    [[ ${ALLOC:-0} == 1 ]] && jfr=(-XX:StartFlightRecording=name=ab,settings=default)
    "$JAVA" ${JAVA_OPTS:-} "${jfr[@]}" -Dlogback.configurationFile="$PWD/scripts/bench-logback.xml" -jar "$1" --config "$RUN/c.yaml" \
        --ready-file "$RUN/ready" >"$RUN/log" 2>&1 &
    PID=$!
    for _ in $(seq 300); do [[ -s $RUN/ready ]] && return; sleep 0.1; done
    cat "$RUN/log" >&2
    exit 1
}

allocated() {   # JFR_FILE: bytes allocated so far by the event-loop threads
    "$JDK/bin/jfr" print --events jdk.ThreadAllocationStatistics "$1" | awk '
        /allocated = / { v = $3; u = $4; m = u == "kB" ? 1024 : u == "MB" ? 1048576 : u == "GB" ? 1073741824 : 1 }
        /thread = "camelot-io/ { split($0, q, "\""); if (v * m > seen[q[2]]) seen[q[2]] = v * m }
        END { for (t in seen) s += seen[t]; printf "%.0f", s }'
}

dump() { "$JDK/bin/jcmd" "$PID" JFR.dump name=ab filename="$RUN/$1.jfr" >/dev/null; }

measure() {   # LABEL SERVER MODE
    start "$2"
    "$lload" 127.0.0.1 "$PORT" "$CONNS" "$WARM" "$3" >/dev/null
    local t0 l0 t1 l1 res n
    local alloc=0
    [[ ${ALLOC:-0} == 1 && $2 != c ]] && alloc=1 && dump a
    t0=$(ticks "$PID") l0=$(loop_ticks "$PID")
    res=$("$lload" 127.0.0.1 "$PORT" "$CONNS" "$DUR" "$3" | grep RESULT)
    t1=$(ticks "$PID") l1=$(loop_ticks "$PID")
    local bytes=""
    if ((alloc)); then
        dump b
        bytes=$(($(allocated "$RUN/b.jfr") - $(allocated "$RUN/a.jfr")))
    fi
    kill "$PID"
    wait "$PID" 2>/dev/null || true
    PID=""
    n=$(grep -o 'conversations=[0-9]*' <<<"$res" | cut -d= -f2)
    local hz
    hz=$(getconf CLK_TCK)
    awk -v l="$1" -v m="$3" -v n="$n" -v t=$((t1 - t0)) -v lt=$((l1 - l0)) -v hz="$hz" -v r="$res" -v b="$bytes" 'BEGIN {
        match(r, /conv_per_s=[0-9.]+/); cps = substr(r, RSTART + 11, RLENGTH - 11)
        printf "%-6s %-5s %9.0f conv/s  server CPU %6.1f us/conv", l, m, cps, t * 1e6 / hz / n
        if (l != "c") printf "  (event loops %5.1f)", lt * 1e6 / hz / n
        if (b != "") printf "  %5.0f bytes allocated/conv", b / n
        printf "\n" }'
}

for mode in "$@"; do
    for ((r = 1; r <= ROUNDS; r++)); do
        measure before "$before" "$mode"
        measure after "$after" "$mode"
        measure c c "$mode"
    done
done
