package org.camelot.client.bench;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The generator's TLS: the server's certificate checked against a CA file (or the JDK's default CAs) and its name
 * against the host connected to, or nothing checked at all with {@code --insecure}.
 */
final class ClientTls {

    private final SslContext context;
    private final boolean verifyHost;

    private ClientTls(SslContext context, boolean verifyHost) {
        this.context = context;
        this.verifyHost = verifyHost;
    }

    /**
     * @param caFile   PEM CA certificates to trust, or {@code null} for the JDK's defaults
     * @param insecure trust any certificate for any name (testing only)
     */
    static ClientTls of(Path caFile, boolean insecure) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (caFile != null) {
            File f = caFile.toFile();
            if (!f.isFile()) {
                throw new SSLException("--cacert " + caFile + ": no such file");
            }
            b.trustManager(f);
        }
        return new ClientTls(b.build(), !insecure);
    }

    SslHandler newHandler(Channel ch, InetSocketAddress remote) {
        SslHandler h = context.newHandler(ch.alloc(), remote.getHostString(), remote.getPort());
        if (verifyHost) {
            SSLParameters p = h.engine().getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            h.engine().setSSLParameters(p);
        }
        return h;
    }
}
