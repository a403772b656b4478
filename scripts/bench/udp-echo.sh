#!/usr/bin/env bash
# Echo round trips per second and latency of a Camelot udp listener (mode: echo), measured in the same run as
# UDP echo peers on the same machine, all with the project's own client (camelot-client udp send).
#
#   flock /tmp/camelot-bench.lock scripts/bench/udp-echo.sh [--senders 8] [--size 32] [--threads 2]
#                                                           [--peers asyncio,uvloop,c1,c2] [--client send|bench]
#
# --client send (default): `camelot-client udp send ... --reply --count ... --senders N`, one thread and socket per
# sender, blocking calls. --client bench: the load generator, `camelot-client bench udp -c N` (Netty event loops).
# Both are closed loops: each sender waits for its reply before sending again.
#
# Peers: asyncio (udp_echo_asyncio.py on stdlib asyncio), uvloop (the same on uvloop), cN (udp_echo.c with N
# SO_REUSEPORT threads). Build first (make build). Every run is bounded by DUR seconds; everything listens on
# 127.0.0.1 (ports BASE_PORT..BASE_PORT+9, default 20700) and every server is stopped by PID at the end.
# Uses the shared peer library (/work/shared/bench/lib.sh, or BENCH_LIB) for the quiet-machine gate, CPU accounting
# and process handling; knobs: DUR (10), PAIRS (3), WARMUP (3), BASE_PORT (20700).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/scripts/bench
DUR=${DUR:-10}
PAIRS=${PAIRS:-3}
BENCH_LIB=${BENCH_LIB:-/work/shared/bench/lib.sh}
[[ -f $BENCH_LIB ]] || { echo "ERROR: $BENCH_LIB not found (set BENCH_LIB)" >&2; exit 1; }
# shellcheck source=/dev/null
source "$BENCH_LIB"

SENDERS=8 SIZE=32 THREADS=2 PEERS=asyncio,uvloop,c1 CLIENT=send
while (($#)); do
    case $1 in
        --senders) SENDERS=$2; shift 2 ;;
        --size) SIZE=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --peers) PEERS=$2; shift 2 ;;
        --client) CLIENT=$2; shift 2 ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
BASE_PORT=${BASE_PORT:-20700}
JAVA_HOME=${JAVA_HOME:-$("$ROOT/scripts/find-jdk.sh")}
JAVA=$JAVA_HOME/bin/java
SERVER_JAR=$ROOT/server/target/camelot-server.jar
CLIENT_JAR=$ROOT/client/target/camelot-client.jar
[[ -f $SERVER_JAR && -f $CLIENT_JAR ]] || die "build first: make build"
need ss gcc
new_out_dir udp-echo

udp_listening() { ss -Hlun "sport = :$1" 2>/dev/null | grep -q .; }
wait_udp() {       # PORT PID LOG
    local i
    for ((i = 0; i < 300; i++)); do
        kill -0 "$2" 2>/dev/null || { tail -n 20 "$3" >&2; die "pid $2 exited before binding UDP port $1"; }
        udp_listening "$1" && return 0
        sleep 0.1
    done
    die "nothing bound to UDP port $1 after 30 s"
}
for ((p = BASE_PORT; p < BASE_PORT + 10; p++)); do
    udp_listening "$p" && die "UDP port $p is in use (set BASE_PORT)"
done

# The project: one udp echo listener, the daemon's defaults otherwise (auto transport: epoll).
cat >"$OUT_DIR/camelot.yaml" <<YAML
listeners:
  echo:
    protocol: udp
    host: 127.0.0.1
    port: $BASE_PORT
    mode: echo
    threads: $THREADS
YAML
NAMES=(project) PORTS=($BASE_PORT) PIDS=()
start_peer "$OUT_DIR/project.log" "$JAVA" -jar "$SERVER_JAR" --config "$OUT_DIR/camelot.yaml"
PIDS+=("$LAST_PID"); wait_udp "$BASE_PORT" "$LAST_PID" "$OUT_DIR/project.log"

port=$BASE_PORT
IFS=, read -ra wanted <<<"$PEERS"
for peer in "${wanted[@]}"; do
    port=$((port + 1))
    case $peer in
        asyncio) start_peer "$OUT_DIR/$peer.log" "$PY" "$HERE/udp_echo_asyncio.py" "$port" ;;
        uvloop) need_py uvloop; start_peer "$OUT_DIR/$peer.log" "$PY" "$HERE/udp_echo_asyncio.py" --uvloop "$port" ;;
        c[0-9]*) bin=$(build_tool udp_echo "$HERE/udp_echo.c" -pthread)
                 start_peer "$OUT_DIR/$peer.log" "$bin" "$port" "${peer#c}" ;;
        *) die "unknown peer $peer (asyncio, uvloop, cN)" ;;
    esac
    PIDS+=("$LAST_PID"); wait_udp "$port" "$LAST_PID" "$OUT_DIR/$peer.log"
    NAMES+=("$peer") PORTS+=("$port")
done

load() {           # PORT SECONDS: the project's client, bounded in time
    if [[ $CLIENT == bench ]]; then
        LOAD=("$JAVA" -jar "$CLIENT_JAR" bench udp 127.0.0.1 "$1" --size "$SIZE" -c "$SENDERS" -d "$2s"
              --timeout 1s --progress never)
    else
        LOAD=("$JAVA" -jar "$CLIENT_JAR" udp send 127.0.0.1 "$1" ping --size "$SIZE" --reply --timeout 1s
              --count 100000000 --senders "$SENDERS" --duration "$2s")
    fi
}
[[ $CLIENT == send || $CLIENT == bench ]] || die "--client is send or bench"

echo "udp echo, client $CLIENT: $SENDERS senders, $SIZE-byte datagrams, ${DUR}s runs, $PAIRS rounds; project threads: $THREADS;" \
     "peers: ${PEERS}; raw outputs in $OUT_DIR"
if ((WARMUP > 0)); then
    for i in "${!NAMES[@]}"; do load "${PORTS[$i]}" "$WARMUP"; warm_up "${LOAD[@]}"; done
fi
for ((round = 1; round <= PAIRS; round++)); do
    for i in "${!NAMES[@]}"; do
        out=$OUT_DIR/${NAMES[$i]}-$round.txt
        load "${PORTS[$i]}" "$DUR"
        measure "$out" "${PIDS[$i]}" "${LOAD[@]}"
        printf '%s\t%s\t%s\n' "$round" "${NAMES[$i]}" "$out" >>"$MANIFEST"
        echo "  round $round ${NAMES[$i]}: $(grep -hE '^RESULT|^  (ok|operation) ' "$out" | tr -s ' ' | tr '\n' ' ')"
    done
done
load "$BASE_PORT" "$DUR"
echo
echo "load command (project; the peers differ only in the port): \`${LOAD[*]}\`"
"$PY" "$HERE/udp_report.py" "$MANIFEST" "${NAMES[@]}"
