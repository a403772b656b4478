package org.camelot.client.bench;

import java.nio.file.Path;
import javax.net.ssl.SSLException;
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
    ClientTls context(boolean wanted) throws SSLException {
        return wanted || tls || caCert != null || insecure ? ClientTls.of(caCert, insecure) : null;
    }
}
