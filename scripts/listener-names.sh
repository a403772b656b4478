#!/usr/bin/env bash
# listener-names.sh [CONFIG]: prints the names of the listeners of a Camelot configuration (default
# config/camelot.yaml), one a line: the keys two spaces in under the top-level `listeners:` key. Used to put every
# listener on a free port (--set listeners.NAME.port=0) for the AOT training run and the start-up benchmark.
set -euo pipefail
awk '/^listeners:/ { in_listeners = 1; next }
     /^[^ #]/ { in_listeners = 0 }
     in_listeners && /^  [A-Za-z0-9_-]+:[ \t]*(#.*)?$/ { sub(/^  /, ""); sub(/:.*/, ""); print }' \
    "${1:-config/camelot.yaml}"
