#!/usr/bin/env bash
# Prints the daemon's JVM options from config/jvm.options (one option a line, blank lines and # comments skipped) on
# one line, for the comparison scripts: they run the daemon with the options it runs with unless JAVA_OPTS is set.
set -euo pipefail
grep -v '^[[:space:]]*\(#\|$\)' "$(dirname "${BASH_SOURCE[0]}")/../config/jvm.options" | tr '\n' ' '
