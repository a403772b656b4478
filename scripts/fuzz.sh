#!/usr/bin/env bash
# Fuzzes each Jazzer target in turn, for FUZZ_TIME each (`make fuzz`). A target is a @FuzzTest class; Jazzer fuzzes
# one per JVM, so each gets a Maven run of its own. A finding fails its target: Jazzer writes the input to the
# target's seed corpus under src/test/resources (fix the bug and commit the input with the fix).
#   FUZZ_TIME=10m scripts/fuzz.sh                 every target, ten minutes each
#   FUZZ_TIME=1h scripts/fuzz.sh http-request     one target
set -uo pipefail
cd "$(dirname "$0")/.."

declare -A TARGETS=(
  [http-request]=protocols/org.camelot.protocol.http.HttpRequestFuzzTest
  [request-target]=protocols/org.camelot.protocol.http.RequestTargetFuzzTest
  [framer]=protocols/org.camelot.protocol.framed.FramerFuzzTest
  [birds-query]=protocols/org.camelot.protocol.birds.BirdsQueryFuzzTest
  [proxy-header]=server/org.camelot.server.guard.ProxyHeaderFuzzTest
  [config]=server/org.camelot.server.config.ConfigLoaderFuzzTest
)
ORDER=(http-request request-target framer birds-query proxy-header config)
FUZZ_TIME=${FUZZ_TIME:-2m}
names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${ORDER[@]}")

export JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
failed=()
for name in "${names[@]}"; do
  target=${TARGETS[$name]:-}
  if [ -z "$target" ]; then
    echo "fuzz: no target named $name (expected one of: ${ORDER[*]})" >&2
    exit 2
  fi
  module=${target%%/*}
  class=${target#*/}
  echo "== fuzzing $name ($class) for $FUZZ_TIME"
  # JUnit's timeouts are off while fuzzing, since one run lasts FUZZ_TIME; an input that takes over 30 s is still a
  # finding (libFuzzer's -timeout, from the pom's per-invocation JUnit default).
  if JAZZER_FUZZ=1 ./mvnw -B -ntp -q -pl "$module" -am test -Dtest="$class" \
      -Dfuzz.argLine="-Djazzer.max_duration=$FUZZ_TIME -Djunit.jupiter.execution.timeout.mode=disabled"; then
    echo "== $name: no finding"
  else
    echo "== $name: FINDING (or failure); see $module/target/surefire-reports-fuzz/$class*.txt" >&2
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi
