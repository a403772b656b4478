package org.camelot.server.concurrency;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.camelot.server.config.ClientAuthMode;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.config.TlsSettings;

/** Opens a listener's blocking server socket: cleartext, or TLS with the JDK context of the listener's certificate. */
final class ServerSockets {

    /** The same accept backlog as the event-loop listeners. */
    static final int BACKLOG = 1024;

    private ServerSockets() {
    }

    /** @param context the JDK's TLS context of the listener, {@code null} for cleartext */
    static ServerSocket bind(ListenerConfig l, SSLContext context) throws IOException {
        ServerSocket socket = context != null ? tls(l, context) : new ServerSocket();
        try {
            socket.setReuseAddress(true);
            if (l.door().reusePort()) {
                socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            socket.bind(l.address(), BACKLOG);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static ServerSocket tls(ListenerConfig l, SSLContext context) throws IOException {
        TlsSettings tls = l.tls();
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setEnabledProtocols(tls.protocols().toArray(String[]::new));
        socket.setNeedClientAuth(tls.clientAuth() == ClientAuthMode.REQUIRE);
        if (tls.clientAuth() == ClientAuthMode.OPTIONAL) {
            socket.setWantClientAuth(true);
        }
        return socket;
    }
}
