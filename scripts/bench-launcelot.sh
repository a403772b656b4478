#!/usr/bin/env bash
# Camelot's Launcelot listener against the C epoll server (one thread, and one per CPU) in the same run, with the
# shared C load generator in conn mode (a connection per conversation) and keep mode (conversations on kept
# connections), 50 connections:
#   scripts/bench-launcelot.sh [compare-launcelot.sh options]     (default: --peers epoll1,epoll --mode both)
# Knobs: JAVA_OPTS, CAMELOT_ARGS (the daemon's own options, e.g. "--set transport=io_uring"), and the compare
# script's own (DUR, PAIRS, WARMUP, ...).
source "$(dirname "$0")/bench-peer.sh"
port=$(free_port)
cat >"$RUN/camelot.yaml" <<YAML
listeners:
  launcelot:
    protocol: launcelot
    host: 127.0.0.1
    port: $port
YAML
camelot_start "$RUN/camelot.yaml"
(($# > 0)) || set -- --peers epoll1,epoll --mode both
PROJECT_PID=$CAMELOT_PID "$BENCH/compare-launcelot.sh" "$port" "$@" 9>&-
