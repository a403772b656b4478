#!/usr/bin/env bash
# Start-up and footprint of the default configuration, with nginx's start-up measured in the same run:
#   scripts/bench-startup.sh [RUNS]          (default 7 runs of each)
# Start-up: the time from launching the process to the ready file (Camelot: --ready-file, written once every
# listener is bound; nginx: both of its ports listening), RUNS runs of each, alternately; the median and the range.
# CPU: the user + system time the daemon spent up to ready (from /proc), which depends far less than the time to
# ready on what else runs on the machine. Footprint: one more Camelot run left idle for IDLE seconds (default 10),
# then VmRSS (anonymous and file-backed) and the thread count.
# Camelot runs config/camelot.yaml with every listener on a free port (--set listeners.NAME.port=0), started by
# CAMELOT (default: scripts/camelot, which reads config/jvm.options and uses the AOT cache when present); e.g.
#   CAMELOT="$JAVA_HOME/bin/java -jar server/target/camelot-server.jar" scripts/bench-startup.sh
# measures the plain JVM without either; BASELINE="COMMAND" adds a third contender to every round (and to the
# footprint), e.g. BASELINE="$JAVA_HOME/bin/java -jar server/target/camelot-server.jar" for before and after in
# the same run. nginx is Debian's, 2 workers, on free loopback ports with a temporary
# configuration, in the foreground ($BENCH/nginx/start.sh). Runs under the shared lock /tmp/camelot-bench.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
IDLE=${IDLE:-10}
CONFIG=${CONFIG:-config/camelot.yaml}
CAMELOT=${CAMELOT:-scripts/camelot}
if [[ -z ${BENCH:-} ]]; then
    for d in ../shared/bench ../../shared/bench; do
        [[ -x $d/nginx/start.sh ]] && BENCH=$(cd "$d" && pwd) && break
    done
fi
[[ -n ${BENCH:-} && -x $BENCH/nginx/start.sh ]] || { echo "set BENCH to the folder of nginx/start.sh" >&2; exit 2; }
command -v nginx >/dev/null || { echo "nginx is missing (apt-get install nginx)" >&2; exit 2; }

exec 9>/tmp/camelot-bench.lock
flock 9
make -s build certs

work=$(mktemp -d)
pid=""
cleanup() {
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# Every listener of the configuration on a free port.
sets=()
for name in $(scripts/listener-names.sh "$CONFIG"); do
    sets+=(--set "listeners.$name.port=0")
done

now_ms() { echo $(($(date +%s%N) / 1000000)); }

camelot_once() {   # [COMMAND]: sets ms to the milliseconds to the ready file; leaves the daemon running in $pid
    local ready=$work/ready start command=${1:-$CAMELOT}
    rm -f "$ready"
    start=$(now_ms)
    # shellcheck disable=SC2086
    $command --config "$CONFIG" "${sets[@]}" --ready-file "$ready" >"$work/camelot.log" 2>&1 9>&- &
    pid=$!
    until [[ -s $ready ]]; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/camelot.log" >&2; exit 1; }
        sleep 0.002
    done
    ms=$(($(now_ms) - start))
    # CPU time (user + system, all threads) spent up to ready: unlike the time to ready, it hardly depends on what
    # else the machine runs, so it is the figure to compare on a busy machine.
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$pid/stat")
    # The main thread's share: on two idle cores the compilers and helper threads run beside it, so the time to
    # ready is about the main thread's CPU. The java launcher's first thread (tid = pid) only waits; the thread
    # that runs main() is the other one still named "java". Per thread, the busiest ones, into $work/threads.
    local hz t
    hz=$(getconf CLK_TCK)
    main_cpu=0
    : >"$work/threads"
    for t in /proc/"$pid"/task/*; do
        [[ -r $t/stat ]] || continue
        sed 's/^[0-9]* (\(.*\)) /\1\t/' "$t/stat" 2>/dev/null | awk -F'\t' -v hz="$hz" -v tid="${t##*/}" \
            '{ split($2, f, " "); printf "%d\t%s\t%s\n", (f[12] + f[13]) * 1000 / hz, tid, $1 }' >>"$work/threads"
    done
    main_cpu=$(awk -F'\t' -v pid="$pid" '$3 == "java" && $2 != pid { print $1; exit }' "$work/threads")
    main_cpu=${main_cpu:-0}
    threads_top=$(sort -rn "$work/threads" | head -"${TOP_THREADS:-6}" | awk -F'\t' '{ printf "%s %d, ", $3, $1 }')
}
camelot_stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
listening() { ss -Hltn "sport = :$1" | grep -q .; }

nginx_once() {       # sets ms likewise, and stops nginx
    local hp tp start
    hp=$(free_port); tp=$(free_port)
    mkdir -p "$work/nginx"
    start=$(now_ms)
    RUNDIR=$work/nginx "$BENCH/nginx/start.sh" 2 "$hp" "$tp" >"$work/nginx.log" 2>&1 9>&- &
    pid=$!
    until listening "$hp" && listening "$tp"; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/nginx.log" >&2; exit 1; }
        sleep 0.002
    done
    ms=$(($(now_ms) - start))
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "median %d ms (min %d, max %d, %d runs)", m, v[1], v[NR], NR }'; }

echo "camelot: $CAMELOT --config $CONFIG (every listener on port 0)"
[[ -z ${BASELINE:-} ]] || echo "baseline: $BASELINE (the same arguments)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
c_times=() n_times=() b_times=() c_cpu=() b_cpu=() c_main=() b_main=()
for ((i = 1; i <= runs; i++)); do
    b=""
    if [[ -n ${BASELINE:-} ]]; then
        camelot_once "$BASELINE"; camelot_stop; b_times+=("$ms"); b_cpu+=("$cpu"); b_main+=("$main_cpu")
        b="baseline $ms ms (CPU $cpu ms, main thread $main_cpu ms), "
        echo "  baseline threads (CPU ms): ${threads_top%, }"
    fi
    camelot_once; camelot_stop; c_times+=("$ms"); c_cpu+=("$cpu"); c_main+=("$main_cpu")
    echo "  camelot threads (CPU ms): ${threads_top%, }"
    c_line="camelot ${c_times[-1]} ms (CPU $cpu ms, main thread $main_cpu ms)"
    nginx_once; n_times+=("$ms")
    echo "run $i: ${b}${c_line}, nginx ${n_times[-1]} ms, load $(cut -d' ' -f1 /proc/loadavg)"
done
[[ -z ${BASELINE:-} ]] || echo "start-up to ready, baseline: $(printf '%s\n' "${b_times[@]}" | median)"
[[ -z ${BASELINE:-} ]] || echo "CPU to ready, baseline:      $(printf '%s\n' "${b_cpu[@]}" | median)"
echo "start-up to ready, camelot: $(printf '%s\n' "${c_times[@]}" | median)"
[[ -z ${BASELINE:-} ]] || echo "main thread CPU, baseline:   $(printf '%s\n' "${b_main[@]}" | median)"
echo "CPU to ready, camelot:      $(printf '%s\n' "${c_cpu[@]}" | median)"
echo "main thread CPU, camelot:   $(printf '%s\n' "${c_main[@]}" | median)"
echo "start-up to ready, nginx:   $(printf '%s\n' "${n_times[@]}" | median)"

footprint() {      # LABEL [COMMAND]
    camelot_once "${2:-}"
    sleep "$IDLE"
    rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
    anon=$(awk '/^RssAnon/ { print int($2 / 1024) }' "/proc/$pid/status")
    file=$(awk '/^RssFile/ { print int($2 / 1024) }' "/proc/$pid/status")
    threads=$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")
    echo "footprint, $1 idle ${IDLE} s: VmRSS $rss MB (anon $anon, file $file), $threads threads"
    grep -i 'warn\|error' "$work/camelot.log" | head -5 || true
    camelot_stop
}
[[ -z ${BASELINE:-} ]] || footprint baseline "$BASELINE"
footprint camelot
