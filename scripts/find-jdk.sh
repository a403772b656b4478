#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: JAVA_HOME, then `java` on PATH, then the JDKs under /usr/lib/jvm.
# Exits 1 with a message saying what to install when there is none.
set -u
major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}
ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local m; m=$(major "$1")
  [ -n "$m" ] && [ "$m" -ge 21 ]
}
candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for d in /usr/lib/jvm/* /opt/java/* /usr/local/java/*; do
  [ -d "$d" ] && candidates+=("$d")
done
best=""; best_major=0
for c in "${candidates[@]}"; do
  if ok "$c"; then
    # The first acceptable one in the order above wins: JAVA_HOME, then PATH, then the newest installed.
    if [ -z "$best" ]; then best="$c"; best_major=$(major "$c"); continue; fi
  fi
done
if [ -z "$best" ]; then
  cat >&2 <<'MSG'
No JDK 21 or newer found (looked at JAVA_HOME, `java` on PATH, and /usr/lib/jvm/*).
Camelot needs Java 21+ (virtual threads). Install one, for example:
  - Debian/Ubuntu with a recent release: apt-get install openjdk-21-jdk-headless (or openjdk-25-jdk-headless)
  - elsewhere: Eclipse Temurin 21 or 25 from adoptium.net, SDKMAN (sdk install java 21-tem), or your vendor's JDK
then run make again, or point JAVA_HOME at it.
MSG
  exit 1
fi
echo "$best"
