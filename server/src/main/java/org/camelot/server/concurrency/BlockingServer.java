package org.camelot.server.concurrency;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.framed.FramedProtocol;
import org.camelot.server.config.ConcurrencySettings;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.ListenerGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener served by blocking sockets: sequential (one thread accepts and serves one connection at a time), a
 * thread pool (N threads each accepting and serving, as the book's server_multi.py), a platform thread per
 * connection, or a virtual thread per connection. Every read waits at most the listener's idle timeout.
 */
public final class BlockingServer implements ModelServer {

    private static final Logger log = LoggerFactory.getLogger(BlockingServer.class);

    /** What is fixed for the life of the server socket: name, address, model, TLS. */
    private final ListenerConfig config;
    /** What connections accepted from now on get; a reload replaces it. */
    private volatile Served served;
    private final ServerSocket server;
    private final OpenConnections connections;
    private final Thread.Builder perConnection;
    private final List<Thread> acceptors = new ArrayList<>();
    private final ScheduledExecutorService watchdog;
    private volatile boolean stopping;

    private BlockingServer(ListenerConfig config, FramedProtocol protocol, ListenerGuard door, ServerSocket server) {
        ConcurrencySettings c = config.concurrency();
        this.config = config;
        this.served = new Served(config, protocol, door);
        this.server = server;
        this.connections = new OpenConnections(config.name());
        this.perConnection = switch (c.model()) {
            case THREAD_PER_CONNECTION -> Thread.ofPlatform().daemon().name(config.name() + "-conn-", 1);
            case VIRTUAL_THREADS -> Thread.ofVirtual().name(config.name() + "-virtual-", 1);
            default -> null;
        };
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(config.name() + "-watchdog").factory());
    }

    /**
     * Binds the listener's port and starts its accepting threads.
     *
     * @param protocol the listener's framed logic, with any simulated work
     * @param door     the listener's access rules and limits, the same as on event loops
     * @param tls      the JDK's TLS context of the listener's certificate, {@code null} for cleartext
     */
    public static BlockingServer start(ListenerConfig config, FramedProtocol protocol, ListenerGuard door,
                                       SSLContext tls) throws IOException {
        BlockingServer s = new BlockingServer(config, protocol, door, ServerSockets.bind(config, tls));
        int acceptorCount = s.perConnection == null ? config.concurrency().threads() : 1;
        String prefix = config.name() + switch (config.concurrency().model()) {
            case SEQUENTIAL -> "-sequential";
            case THREAD_POOL -> "-pool-";
            default -> "-acceptor";
        };
        for (int i = 0; i < acceptorCount; i++) {
            String name = acceptorCount > 1 ? prefix + (i + 1) : prefix.replaceAll("-$", "");
            s.acceptors.add(Thread.ofPlatform().daemon().name(name).start(s::acceptLoop));
        }
        s.watchdog.scheduleWithFixedDelay(
                () -> s.connections.closeStalledWriters(s.served.config().idleTimeout().toNanos()),
                1, 1, TimeUnit.SECONDS);
        return s;
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (stopping || server.isClosed()) {
                    return;
                }
                // Out of file descriptors, typically: pause rather than spin on the failing accept.
                log.warn("listener {}: accept failed: {}", config.name(), e.getMessage());
                pause();
                continue;
            }
            serve(socket);
        }
    }

    private void serve(Socket socket) {
        Served now = served;
        ListenerGuard door = now.door();
        InetSocketAddress client = (InetSocketAddress) socket.getRemoteSocketAddress();
        String refusal = door.admit(client);
        if (refusal != null) {
            log.debug("listener {}: refused {}: {}", config.name(), client, refusal);
            closeQuietly(socket);
            return;
        }
        BlockingConnection[] self = new BlockingConnection[1];
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, now.config().idleTimeout().toMillis())));
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            log.debug("listener {}: cannot set socket options: {}", config.name(), e.toString());
        }
        self[0] = new BlockingConnection(socket, now.protocol(), config.name(), now.wiretap(), () -> {
            connections.remove(self[0]);
            door.release(client);
        });
        connections.add(self[0]);
        if (stopping) {
            self[0].drain();
        }
        if (perConnection == null) {
            self[0].run();
        } else {
            perConnection.start(self[0]);
        }
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("listener {}: close: {}", config.name(), e.toString());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * A cleartext listener takes a new configuration on its bound socket when its model and threads stay; a TLS one
     * binds again, since its certificates are in the server socket.
     */
    @Override
    public boolean reloadsInPlace(ListenerConfig next) {
        return !config.isTls() && !next.isTls() && next.concurrency().equals(config.concurrency())
                && next.door().reusePort() == config.door().reusePort();
    }

    @Override
    public void reload(ListenerConfig next, Protocol protocol, ListenerGuard door) {
        served = new Served(next, ModelServers.framedLogic(next, protocol), door);
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    @Override
    public void stopAccepting() {
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            log.debug("listener {}: closing the server socket: {}", config.name(), e.toString());
        }
    }

    @Override
    public void drain() {
        connections.drainAll();
    }

    @Override
    public boolean idle() {
        return connections.size() == 0;
    }

    @Override
    public void close() {
        stopAccepting();
        connections.closeAll();
        watchdog.shutdownNow();
        for (Thread t : acceptors) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One configuration of the listener as its new connections get it. */
    private record Served(ListenerConfig config, FramedProtocol protocol, ListenerGuard door, Wiretap wiretap) {

        Served(ListenerConfig config, FramedProtocol protocol, ListenerGuard door) {
            this(config, protocol, door, config.wiretap() ? new Wiretap(config.name()) : null);
        }
    }
}
