#!/usr/bin/env bash
# HTTP/2 over TLS, Camelot against nginx (open_file_cache on, 2 workers), both serving the shared benchmark's
# standard site, measured in the same run with h2load (nghttp2-client), one h2load thread, rounds alternating:
#   scripts/bench-h2.sh
# Tests: /motto.txt with -c50 -m10, and /100k.bin with -c$BIG_CONNS (10) -m10. Prints requests/s, MB/s and the
# server's CPU (% of one core) of each side, the ratio Camelot/nginx per round and its median.
# Warm-up: 50,000 requests of each test on each server (WARMUP=0: none). h2load runs under `timeout`: its
# duration mode can wait for ever for connections that were still in their handshake when the time ran out.
# Knobs: ROUTE_KEYS (extra keys of the files route, e.g. "memory-cache-file-size: 262144"), DUR (seconds per
# run, 8), PAIRS (rounds, 3), WARMUP, BIG_CONNS, JAVA_OPTS, and the shared
# lib.sh's quiet-machine gate (QUIET_WAIT, QUIET_PCT, MAX_OTHER).
PAIRS=${PAIRS:-3}
source "$(dirname "$0")/bench-peer.sh"
need h2load nginx
site=$(standard_site)
port=$(free_port)
n_http=$(free_port)
n_https=$(free_port)
tls_site_yaml "$RUN/camelot.yaml" "$port" "$site"
camelot_start "$RUN/camelot.yaml"
OPEN_FILE_CACHE=on SITE=$site start_peer "$RUN/nginx.log" "$BENCH/nginx/start.sh" 2 "$n_http" "$n_https"
nginx_pid=$LAST_PID
wait_port "$n_https" "$nginx_pid" 30 "$RUN/nginx.log"
echo "nginx: pid $nginx_pid, 2 workers, open_file_cache on; $(nginx -v 2>&1); $(h2load --version | head -1)"
for p in /motto.txt /100k.bin; do
    for u in "https://127.0.0.1:$port$p" "https://127.0.0.1:$n_https$p"; do
        cmp -s <(curl -ksf --http2 "$u") "$site$p" || die "$u does not return $site$p over h2"
    done
done
new_out_dir h2load
tests=("/motto.txt -c50 -m10" "/100k.bin -c${BIG_CONNS:-10} -m10")
for t in "${tests[@]}"; do
    read -r path args <<<"$t"
    # shellcheck disable=SC2086
    for target in "$port" "$n_https"; do warm_up timeout 60 h2load -t1 $args -n 50000 "https://127.0.0.1:$target$path"; done
done
field() { sed -n "s/^finished in [^,]*, \([0-9.]*\) req\/s, \([0-9.]*[KMG]*B\)\/s.*/\\$2/p" "$1"; }
cpu() { sed -n 's/^SERVER_CPU \([0-9]*\)%.*/\1/p' "$1"; }
failed() { sed -n 's/^requests: .* \([0-9]*\) failed, \([0-9]*\) errored.*/\1+\2/p' "$1"; }
for t in "${tests[@]}"; do
    read -r path args <<<"$t"
    echo
    echo "### h2load -t1 $args -D $DUR https://127.0.0.1:PORT$path"
    echo
    echo "| round | Camelot req/s | MB/s | CPU | failed | nginx req/s | MB/s | CPU | failed | Camelot/nginx | CPU per request Camelot/nginx |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    ratios=() cpuratios=()
    for ((round = 1; round <= PAIRS; round++)); do
        name=$(echo "$path" | tr -dc 'a-z0-9')
        # shellcheck disable=SC2086
        measure "$OUT_DIR/$name-camelot-$round.txt" "$CAMELOT_PID" timeout $((DUR + 30)) h2load -t1 $args -D "$DUR" "https://127.0.0.1:$port$path"
        # shellcheck disable=SC2086
        measure "$OUT_DIR/$name-nginx-$round.txt" "$nginx_pid" timeout $((DUR + 30)) h2load -t1 $args -D "$DUR" "https://127.0.0.1:$n_https$path"
        c=$OUT_DIR/$name-camelot-$round.txt n=$OUT_DIR/$name-nginx-$round.txt
        r=$(awk -v a="$(field "$c" 1)" -v b="$(field "$n" 1)" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
        cr=$(awk -v a="$(field "$c" 1)" -v b="$(field "$n" 1)" -v ca="$(cpu "$c")" -v cb="$(cpu "$n")" \
            'BEGIN { printf "%.2f", (a && cb) ? (ca / a) / (cb / b) : 0 }')
        ratios+=("$r") cpuratios+=("$cr")
        echo "| $round | $(field "$c" 1) | $(field "$c" 2) | $(cpu "$c")% | $(failed "$c") | $(field "$n" 1) | $(field "$n" 2) | $(cpu "$n")% | $(failed "$n") | $r | $cr |"
    done
    echo
    echo "median ratio Camelot/nginx: **$(median "${ratios[@]}")**; CPU per request: $(median "${cpuratios[@]}") ($PAIRS rounds)"
done
echo
echo "raw outputs: $OUT_DIR"
