#!/usr/bin/env bash
# Builds the Camelot image without a registry (`make image`):
#   1. rootfs.tar: glibc and bash from Debian's packages (mmdebstrap --variant=extract), a passwd entry for the
#      camelot user (10001), an empty /tmp; no package manager, no documentation;
#   2. runtime/: the JDK under JAVA_HOME cut by jlink to the modules jdeps finds in the server jar (plus the ones it
#      loads by name), without debug symbols, man pages or headers;
#   3. native/: Netty's epoll, io_uring, BoringSSL and quiche (HTTP/3) libraries for this machine's architecture,
#      taken out of the jar by scripts/native-libs.sh (the jar keeps none, so nothing is unpacked at run time);
#   4. podman build with deploy/container/Containerfile, which only copies.
# Installs podman, runc and mmdebstrap from Debian's packages when missing, and says so. Prints the image's size.
# Environment: IMAGE (default camelot), VERSION, JAVA_HOME, SOURCE and LICENSES (OCI labels), CONTAINERS_CONF.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=deploy/container
out=target/image
IMAGE=${IMAGE:-camelot}
VERSION=${VERSION:-$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)}
JAVA_HOME=${JAVA_HOME:-$(scripts/find-jdk.sh)}
jar=server/target/camelot-server.jar

say() { printf '[image] %s\n' "$*"; }

install_missing() {
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { echo "missing: ${missing[*]} (install them; no apt-get here)" >&2; exit 1; }
  say "installing from Debian's packages: ${missing[*]} (changes this machine)"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  say "installed: ${missing[*]}"
}
install_missing podman runc mmdebstrap

# No default ulimits and the runc runtime, unless the caller gave a configuration of its own.
if [ -z "${CONTAINERS_CONF:-}" ]; then
  export CONTAINERS_CONF=$PWD/$here/containers.conf
fi

[ -f "$jar" ] || { echo "$jar is missing: run make build first" >&2; exit 1; }
mkdir -p "$out"

case "$(uname -m)" in
  x86_64) arch=x86_64; debarch=amd64 ;;
  aarch64) arch=aarch_64; debarch=arm64 ;;
  *) echo "no Netty native libraries for $(uname -m)" >&2; exit 1 ;;
esac

# 1. The base, rebuilt only when this script changes (the Debian snapshot it takes is then the current one).
stamp=$(sha256sum "$0" | cut -c1-16)
if [ ! -f "$out/rootfs.tar" ] || [ "$(cat "$out/rootfs.stamp" 2>/dev/null)" != "$stamp" ]; then
  say "rootfs: Debian bookworm libc6 and bash ($debarch)"
  rm -f "$out/rootfs.tar"
  mmdebstrap --quiet --variant=extract --architectures="$debarch" --include=libc6,bash \
    --customize-hook='rm -rf "$1"/usr/share/doc "$1"/usr/share/man "$1"/usr/share/info "$1"/usr/share/locale \
        "$1"/usr/share/lintian "$1"/usr/share/common-licenses "$1"/usr/lib/*/gconv "$1"/var/lib/dpkg "$1"/var/cache/* \
        "$1"/var/log/* "$1"/etc/apt "$1"/usr/share/bug "$1"/usr/share/debianutils' \
    --customize-hook='mkdir -p "$1"/tmp "$1"/etc && chmod 1777 "$1"/tmp' \
    --customize-hook='printf "root:x:0:0:root:/root:/bin/bash\ncamelot:x:10001:10001:Camelot:/nonexistent:/usr/sbin/nologin\n" > "$1"/etc/passwd' \
    --customize-hook='printf "root:x:0:\ncamelot:x:10001:\n" > "$1"/etc/group' \
    --customize-hook='printf "passwd: files\ngroup: files\nhosts: files dns\n" > "$1"/etc/nsswitch.conf' \
    bookworm "$out/rootfs.tar"
  echo "$stamp" > "$out/rootfs.stamp"
fi

# 2. The runtime: what jdeps finds, plus modules reached only by name at run time: jdk.crypto.ec (elliptic-curve
# TLS on the JDK fallback), jdk.naming.dns (DNS names in the configuration), jdk.zipfs (plugin jars).
if [ ! -d "$out/runtime" ] || [ "$jar" -nt "$out/runtime" ]; then
  modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 "$jar")
  modules="$modules,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs"
  say "runtime: jlink $modules"
  rm -rf "$out/runtime"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-9 --output "$out/runtime"
fi

# 3. Netty's native libraries out of the jar; the jar without any.
rm -rf "$out/jar"
JAVA_HOME=$JAVA_HOME scripts/native-libs.sh "$jar" "$out/native"
mkdir -p "$out/jar"
(cd "$out/jar" && "$JAVA_HOME/bin/jar" xf "$OLDPWD/$jar")
rm -rf "$out/jar/META-INF/native"
"$JAVA_HOME/bin/jar" cfm "$out/camelot-server.jar" "$out/jar/META-INF/MANIFEST.MF" -C "$out/jar" .
rm -rf "$out/jar"

# 4. The rest of the context, then the image.
rm -rf "$out/www" "$out/data"
cp -r www "$out/www"
mkdir -p "$out/data"
cp data/birds-sample.csv data/species-sample.csv "$out/data/"
cp "$here/camelot.yaml" "$here/healthcheck" scripts/camelot config/jvm.options "$out/"
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
source=${SOURCE:-$(git remote get-url origin 2>/dev/null || echo unknown)}
say "podman build $IMAGE:$VERSION"
# The docker format keeps HEALTHCHECK (the OCI image configuration has no field for it).
podman build --quiet --format docker --file "$here/Containerfile" \
  --build-arg VERSION="$VERSION" --build-arg REVISION="$revision" --build-arg SOURCE="$source" \
  --build-arg LICENSES="${LICENSES:-NOASSERTION}" \
  --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --tag "$IMAGE:$VERSION" --tag "$IMAGE:latest" "$out" >/dev/null
size=$(podman image inspect --format '{{.Size}}' "$IMAGE:$VERSION")
say "built localhost/$IMAGE:$VERSION: $((size / 1000000)) MB ($size bytes; runtime $(du -sh "$out/runtime" | cut -f1), base $(du -sh "$out/rootfs.tar" | cut -f1))"
