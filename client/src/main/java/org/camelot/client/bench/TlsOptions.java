package org.camelot.client.bench;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import org.camelot.client.tls.ClientTls;
import picocli.CommandLine.Option;

/** TLS for the stream workloads: {@code --tls} with the server checked against {@code --cacert}, or {@code --insecure}. */
final class TlsOptions {

    @Option(names = "--tls", description = "Connect over TLS.")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM CA certificates the server's certificate must chain to (default: the JDK's CAs).")
    Path caCert;

    @Option(names = "--insecure", description = "Accept any server certificate and name (testing only).")
    boolean insecure;

    /** The TLS context, or {@code null} for cleartext. */
    SslContext context() throws IOException {
        return tls || caCert != null || insecure ? ClientTls.of(caCert, insecure).netty() : null;
    }
}
