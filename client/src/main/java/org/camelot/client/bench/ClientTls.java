package org.camelot.client.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
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
        return of(caFile, insecure, false);
    }

    /** @param http2 offer {@code h2} then {@code http/1.1} by ALPN, with the cipher suites HTTP/2 allows */
    static ClientTls of(Path caFile, boolean insecure, boolean http2) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
        if (http2) {
            b.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        }
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
