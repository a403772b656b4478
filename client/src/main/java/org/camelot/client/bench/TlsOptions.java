package org.camelot.client.bench;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import org.camelot.client.tls.ClientTls;
import picocli.CommandLine.Option;

/**
 * TLS for the stream workloads: {@code --tls} with the server checked against {@code --cacert}, or
 * {@code --insecure}; a client certificate with {@code --cert} and {@code --key}.
 */
final class TlsOptions {

    @Option(names = "--tls", description = "Connect over TLS.")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM CA certificates the server's certificate must chain to (default: the JDK's CAs).")
    Path caCert;

    @Option(names = "--insecure", description = "Accept any server certificate and name (testing only).")
    boolean insecure;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "PEM client certificate (chain) to present, for a listener with client-auth.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "The PKCS#8 PEM private key of --cert.")
    Path key;

    /**
     * The TLS context, or {@code null} for cleartext.
     *
     * @throws IOException a file that cannot be read or used, or a certificate without its key
     */
    SslContext context() throws IOException {
        if ((cert == null) != (key == null)) {
            throw new IOException(cert == null ? "--key needs --cert" : "--cert needs --key");
        }
        return tls || caCert != null || insecure || cert != null ? ClientTls.of(caCert, insecure, cert, key).netty()
                : null;
    }
}
