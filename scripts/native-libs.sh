#!/usr/bin/env bash
# native-libs.sh JAR DIR: takes Netty's shared libraries for this machine (epoll, io_uring, BoringSSL through
# netty-tcnative, quiche for HTTP/3) out of the server jar into DIR, which is then made to hold exactly those.
# Netty looks in java.library.path before it unpacks a library from the jar into a temporary file; scripts/camelot
# passes DIR (a `native` folder beside the jar) as java.library.path, so a start loads them in place: no 10 MB of
# inflating and writing per start (docs/benchmarks.md, "Start-up and footprint"), and no executable files in /tmp,
# which a hardened host may mount noexec. `make build` runs it; so does the container image's build.
# Needs the jar tool of the JDK (JAVA_HOME, else scripts/find-jdk.sh).
set -euo pipefail
jar=${1:?usage: native-libs.sh JAR DIR}
dir=${2:?usage: native-libs.sh JAR DIR}
here=$(cd "$(dirname "$0")" && pwd)
JAVA_HOME=${JAVA_HOME:-$("$here/find-jdk.sh")}
case "$(uname -m)" in
  x86_64) arch=x86_64 ;;
  aarch64) arch=aarch_64 ;;
  *) echo "native-libs.sh: no Netty native libraries for $(uname -m); Netty will use its Java transport" >&2
     rm -rf "$dir"; mkdir -p "$dir"; exit 0 ;;
esac
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
entries=$("$JAVA_HOME/bin/jar" tf "$jar" | grep -E "^META-INF/native/libnetty_[a-z0-9_]+\\.so$" \
    | grep -E "(linux_)?${arch}\\.so$" || true)
[[ -n $entries ]] || { echo "native-libs.sh: $jar holds no Netty library for $arch" >&2; exit 1; }
work=$(mktemp -d "${dir%/}.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086
(cd "$work" && "$JAVA_HOME/bin/jar" xf "$jar" $entries)
mv "$work"/META-INF/native/*.so "$work/"
rm -rf "$work/META-INF"
rm -rf "$dir"
chmod 755 "$work"
mv "$work" "$dir"
trap - EXIT
