package org.camelot.server.testing;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.camelot.testing.TestPki;

/** JDK TLS client sockets that trust a test CA, optionally presenting a client certificate. */
public final class TlsClients {

    private TlsClients() {
    }

    /** A context that trusts {@code pki}'s CA and presents {@code clientCertificate}'s bundle if not null. */
    public static SSLContext context(TestPki pki, io.netty.pkitesting.X509Bundle clientCertificate) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = clientCertificate == null ? null : clientCertificate.toKeyManagerFactory();
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), pki.ca().toTrustManagerFactory().getTrustManagers(),
                new SecureRandom());
        return ctx;
    }

    /** Connects, restricts the protocols and completes the handshake. */
    public static LineClient connect(InetSocketAddress address, SSLContext ctx, String... protocols) throws Exception {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        s.connect(address, 5_000);
        s.setSoTimeout(5_000);
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        s.startHandshake();
        return new LineClient(s);
    }
}
