#!/usr/bin/env bash
# make test-hostile: the hostile-HTTP corpus (server/src/test/resources/hostile/*.http) sent to Camelot directly and
# through HAProxy and nginx as reverse proxies (Debian's packages, installed when missing), by the test class
# org.camelot.server.hostile.HostileHttpSuite. Prints the pass/fail table (also in server/target/hostile/results.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(scripts/find-jdk.sh) || exit 1
export JAVA_HOME
missing=()
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-hostile: installing Debian's ${missing[*]}"
  # The packages would start system services on ports 80 and 8080: policy-rc.d keeps them from starting.
  policy=/usr/sbin/policy-rc.d own=
  if [ "$(id -u)" -eq 0 ] && [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' >$policy && chmod +x $policy && own=1
  fi
  if [ "$(id -u)" -ne 0 ] || ! { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q "${missing[@]}" >/dev/null; }; then
    [ -z "$own" ] || rm -f $policy
    echo "test-hostile: ${missing[*]} needed: apt-get install ${missing[*]} (as root)" >&2
    exit 1
  fi
  [ -z "$own" ] || rm -f $policy
fi
mkdir -p server/target/hostile
rm -f server/target/hostile/results.txt
echo "test-hostile: building and running HostileHttpSuite (a few minutes; Maven's output in server/target/hostile/maven.log)"
./mvnw -B -ntp -pl server -am test -Dtest=HostileHttpSuite -Dsurefire.failIfNoSpecifiedTests=false \
  >server/target/hostile/maven.log 2>&1
status=$?
if [ -f server/target/hostile/results.txt ]; then
  cat server/target/hostile/results.txt
else
  tail -n 60 server/target/hostile/maven.log
fi
if [ $status -eq 0 ]; then echo "test-hostile: passed"; else echo "test-hostile: FAILED"; fi
exit $status
