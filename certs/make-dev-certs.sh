#!/usr/bin/env bash
# Creates development certificates with openssl, unless valid ones are already there:
#   ca.pem / ca-key.pem          a development CA
#   server.pem / server-key.pem  "localhost" (SAN DNS:localhost, IP:127.0.0.1, IP:::1), serverAuth, signed by the CA
#   client.pem / client-key.pem  "camelot-client", clientAuth, signed by the CA, for mutual TLS
# Keys are EC P-256 in PKCS#8 PEM, so the server certificate's key usage is digitalSignature only: key encipherment
# (RSA key transport) does not apply to an EC key, and a server certificate made by an older version of this script
# with it is made again. Usage: certs/make-dev-certs.sh [DIR] (default: this script's directory).
set -euo pipefail
dir=${1:-$(cd "$(dirname "$0")" && pwd)}
mkdir -p "$dir"
cd "$dir"
command -v openssl >/dev/null || { echo "certs: openssl is needed (Debian: apt-get install openssl)" >&2; exit 1; }

valid() { # file: exists and stays valid for at least 7 more days
  [ -s "$1" ] && openssl x509 -in "$1" -noout -checkend 604800 >/dev/null 2>&1
}
if valid ca.pem && valid server.pem && valid client.pem && [ -s ca-key.pem ] && [ -s server-key.pem ] && [ -s client-key.pem ] \
   && openssl verify -CAfile ca.pem server.pem client.pem >/dev/null 2>&1 \
   && ! openssl x509 -in server.pem -noout -ext keyUsage 2>/dev/null | grep -q 'Key Encipherment'; then
  echo "certs: development certificates in $dir are present and valid"
  exit 0
fi

umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key ca-key.pem
openssl req -x509 -new -key ca-key.pem -sha256 -days 3650 -subj "/CN=Camelot Development CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -out ca.pem

issue() { # name cn extensions
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -subj "/CN=$2" -out "$tmp/$1.csr"
  printf '%s\n' "$3" > "$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -CAserial "$tmp/ca.srl" \
    -days 825 -sha256 -extfile "$tmp/$1.ext" -out "$1.pem" 2>/dev/null
}
issue server localhost "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
authorityKeyIdentifier=keyid"
issue client camelot-client "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid"
chmod 644 ca.pem server.pem client.pem
openssl verify -CAfile ca.pem server.pem client.pem >/dev/null
echo "certs: created a development CA, a localhost server certificate and a client certificate in $dir"
