# Sourced by the comparison scripts: writes a Camelot configuration of one TLS http listener serving a site.
#   tls_site_yaml FILE PORT SITE [KEYS]   one TLS http listener on 127.0.0.1:PORT serving SITE with the files route
#                              (ROUTE_KEYS added to the route); KEYS: more listener keys
# shellcheck shell=bash
tls_site_yaml() {   # FILE PORT SITE [LISTENER KEYS]
    cat >"$1" <<YAML
tls:
  certificate: $PWD/certs/server.pem
  private-key: $PWD/certs/server-key.pem
listeners:
  https:
    protocol: http
    host: 127.0.0.1
    port: $2
    tls: true
${4:+    $4
}    routes:
      files:
        root: $3
        ${ROUTE_KEYS:-}
YAML
}
