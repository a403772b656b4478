package org.camelot.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.camelot.protocol.Protocol;
import org.camelot.server.concurrency.ModelServer;
import org.camelot.server.concurrency.ModelServers;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ConcurrencySettings;
import org.camelot.server.config.ListenerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A TCP listener under a blocking concurrency model or the processes model ({@link ModelServer}). */
public final class ModelListener implements Listener {

    private static final Logger log = LoggerFactory.getLogger(ModelListener.class);

    private final CamelotConfig root;
    private final AtomicReference<ListenerGeneration> generation;
    private volatile ModelServer server;

    /** @param root the whole configuration, which the processes of the processes model load again */
    ModelListener(CamelotConfig root, ListenerGeneration generation) {
        this.root = root;
        this.generation = new AtomicReference<>(generation);
    }

    @Override
    public void bind(InetSocketAddress address) throws StartupException {
        ListenerGeneration g = generation.get();
        ListenerConfig l = g.config();
        try {
            server = ModelServers.start(root, l, g.protocol(), g.guard(), g.certificates());
        } catch (IOException | RuntimeException e) {
            throw ListenerBinder.bindFailure(l, "TCP", l.address(), null, e);
        }
        ConcurrencySettings c = l.concurrency();
        log.info("listener {} ({}) bound to TCP {}, concurrency {}{}", l.name(), l.provider().name(),
                ListenerBinder.display(server.localAddress()), switch (c.model()) {
                    case THREAD_POOL -> "thread-pool of " + c.threads() + " threads";
                    case PROCESSES -> c.processes() + " processes, each " + c.processModel();
                    default -> c.model().toString();
                }, l.isTls() ? ", TLS (JDK)" : ", cleartext");
    }

    /** The model's server: the blocking one, or the group of processes. */
    public ModelServer server() {
        return server;
    }

    @Override
    public ListenerGeneration generation() {
        return generation.get();
    }

    @Override
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    @Override
    public int openConnections() {
        return server.openConnections();
    }

    @Override
    public boolean reloadsInPlace(ListenerConfig next, Protocol protocol) {
        return next.concurrency().model() != ConcurrencyModel.EVENT_LOOP && server.reloadsInPlace(next);
    }

    @Override
    public void reload(ListenerGeneration next) {
        ListenerGeneration old = generation.getAndSet(next);
        server.reload(next.config(), next.protocol(), next.guard());
        // Open connections keep the framed logic they started with, which holds nothing to release.
        old.retire();
    }

    @Override
    public void stopAccepting(boolean rebinding) {
        generation.get().stopping();
        server.stopAccepting();
    }

    @Override
    public void drain() {
        server.drain();
    }

    @Override
    public boolean idle() {
        return server.idle();
    }

    @Override
    public void close() {
        server.close();
    }
}
