#!/usr/bin/env bash
# HTTP/3 over QUIC, Camelot against Caddy (Debian's caddy, file_server, HTTP/3 on), both serving the shared
# benchmark's standard site, measured in the same run with the project's load generator (`camelot-client bench
# http --http3`: curl here has no HTTP/3 and h2load no QUIC), rounds alternating:
#   scripts/bench-h3.sh
# Tests: /motto.txt with -c$CONNS (10) --streams 10, and /100k.bin with -c$BIG_CONNS (4) --streams 10. Prints
# requests/s and the server's CPU (% of one core) of each side, the ratio Camelot/Caddy per round and its median.
# Knobs: ROUTE_KEYS (extra keys of the files route, e.g. "memory-cache-file-size: 262144"), DUR (seconds per
# run, 8), PAIRS (rounds, 3), WARMUP (seconds, 3), CONNS, BIG_CONNS, JAVA_OPTS, and the
# shared lib.sh's quiet-machine gate (QUIET_WAIT, QUIET_PCT, MAX_OTHER).
PAIRS=${PAIRS:-3}
source "$(dirname "$0")/bench-peer.sh"
need caddy
site=$(standard_site)
port=$(free_port)
c_port=$(free_port)
tls_site_yaml "$RUN/camelot.yaml" "$port" "$site" "http3: required"
camelot_start "$RUN/camelot.yaml"
cat >"$RUN/Caddyfile" <<CADDY
{
	admin off
	auto_https off
	servers {
		protocols h1 h2 h3
	}
}
https://127.0.0.1:$c_port {
	bind 127.0.0.1
	tls $PWD/certs/server.pem $PWD/certs/server-key.pem
	root * $site
	file_server
}
CADDY
XDG_DATA_HOME=$RUN/caddy-data XDG_CONFIG_HOME=$RUN/caddy-config \
    start_peer "$RUN/caddy.log" caddy run --config "$RUN/Caddyfile" --adapter caddyfile
caddy_pid=$LAST_PID
wait_port "$c_port" "$caddy_pid" 30 "$RUN/caddy.log"
echo "caddy: pid $caddy_pid, $(caddy version)"
client=("$JAVA" -jar client/target/camelot-client.jar)
for p in /motto.txt /100k.bin; do
    for target in "$port" "$c_port"; do
        "${client[@]}" http get --http3 --insecure "https://127.0.0.1:$target$p" >"$RUN/check" \
            || die "https://127.0.0.1:$target$p does not answer over HTTP/3"
        cmp -s "$RUN/check" "$site$p" || die "https://127.0.0.1:$target$p does not return $site$p over HTTP/3"
    done
done
new_out_dir h3bench
tests=("/motto.txt ${CONNS:-10}" "/100k.bin ${BIG_CONNS:-4}")
for t in "${tests[@]}"; do
    read -r path conns <<<"$t"
    for target in "$port" "$c_port"; do
        ((WARMUP > 0)) && "${client[@]}" bench http --http3 --insecure --progress never -c "$conns" --streams 10 \
            -d "${WARMUP}s" "https://127.0.0.1:$target$path" >/dev/null 2>&1 || true
    done
done
column() {  # CSV COLUMN
    awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR == 2 { print $k }' "$1"
}
cpu() { sed -n 's/^SERVER_CPU \([0-9]*\)%.*/\1/p' "$1"; }
for t in "${tests[@]}"; do
    read -r path conns <<<"$t"
    echo
    echo "### camelot-client bench http --http3 -c $conns --streams 10 -d ${DUR}s https://127.0.0.1:PORT$path"
    echo
    echo "| round | Camelot req/s | p99 ms | CPU | errors | Caddy req/s | p99 ms | CPU | errors | Camelot/Caddy | CPU per request Camelot/Caddy |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    ratios=() cpuratios=()
    for ((round = 1; round <= PAIRS; round++)); do
        name=$(echo "$path" | tr -dc 'a-z0-9')
        c=$OUT_DIR/$name-camelot-$round n=$OUT_DIR/$name-caddy-$round
        measure "$c.txt" "$CAMELOT_PID" "${client[@]}" bench http --http3 --insecure --progress never -c "$conns" \
            --streams 10 -d "${DUR}s" -w 1s --csv "$c.csv" "https://127.0.0.1:$port$path"
        measure "$n.txt" "$caddy_pid" "${client[@]}" bench http --http3 --insecure --progress never -c "$conns" \
            --streams 10 -d "${DUR}s" -w 1s --csv "$n.csv" "https://127.0.0.1:$c_port$path"
        a=$(column "$c.csv" throughput) b=$(column "$n.csv" throughput)
        r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
        cr=$(awk -v a="$a" -v b="$b" -v ca="$(cpu "$c.txt")" -v cb="$(cpu "$n.txt")" \
            'BEGIN { printf "%.2f", (a && cb) ? (ca / a) / (cb / b) : 0 }')
        ratios+=("$r") cpuratios+=("$cr")
        printf '| %s | %.0f | %s | %s%% | %s | %.0f | %s | %s%% | %s | %s | %s |\n' "$round" "$a" \
            "$(column "$c.csv" p99_ms)" "$(cpu "$c.txt")" "$(column "$c.csv" errors)" "$b" \
            "$(column "$n.csv" p99_ms)" "$(cpu "$n.txt")" "$(column "$n.csv" errors)" "$r" "$cr"
    done
    echo
    echo "median ratio Camelot/Caddy: **$(median "${ratios[@]}")**; CPU per request: $(median "${cpuratios[@]}") ($PAIRS rounds)"
done
echo
echo "raw outputs: $OUT_DIR"
