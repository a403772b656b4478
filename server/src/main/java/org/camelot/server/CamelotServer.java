package org.camelot.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camelot.protocol.Protocol;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.config.TrafficShaping;
import org.camelot.server.guard.ListenerGuard;
import org.camelot.server.metrics.DaemonMeters;
import org.camelot.server.metrics.EventLoopMetrics;
import org.camelot.server.status.StatusRecorder;
import org.camelot.server.tls.CertificateMaintenance;
import org.camelot.server.tls.CertificateLoading;
import org.camelot.server.tls.ListenerCertificates;
import org.camelot.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: one event-loop group, every configured listener bound on it, a live reload that changes what
 * new connections get while open ones carry on, and a graceful shutdown.
 */
public final class CamelotServer implements AutoCloseable, DaemonStatus {

    private static final Logger log = LoggerFactory.getLogger(CamelotServer.class);

    private volatile CamelotConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor blocking;
    /** Replaced whole under this object's lock, read without it. */
    private volatile Map<String, Listener> listeners = Map.of();
    /** Listeners that a reload removed or moved and that still drain. */
    private final Set<Listener> stopping = ConcurrentHashMap.newKeySet();
    private final DaemonMeters daemonMeters;
    private final PrometheusMeterRegistry meters;
    private final ListenerBinder binder;
    private final CertificateMaintenance certificates;
    private volatile GlobalTrafficShapingHandler trafficShaping;
    private volatile State state = State.STARTING;
    private final StatusRecorder status;

    private CamelotServer(CamelotConfig config, Transport transport, DaemonMeters daemonMeters) {
        this.daemonMeters = daemonMeters;
        this.meters = daemonMeters.registry();
        this.certificates = new CertificateMaintenance(meters);
        this.status = new StatusRecorder(meters, this::listenerViews, () -> state.name().toLowerCase(),
                Version.VERSION);
        this.config = config;
        this.transport = transport;
        this.group = transport.newGroup(config.ioThreads(), "camelot-io");
        int blockingThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.blocking = new ThreadPoolExecutor(blockingThreads, blockingThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(16_384), new DefaultThreadFactory("camelot-blocking", true));
        this.blocking.allowCoreThreadTimeOut(true);
        EventLoopMetrics.bind(group, meters);
        applyTrafficShaping(config.trafficShaping());
        this.binder = new ListenerBinder(transport, group, () -> (ChannelHandler) trafficShaping, meters);
    }

    /**
     * Creates every protocol and binds every listener, or starts nothing.
     *
     * @throws ConfigException  when a protocol refuses its settings or what they name (a file)
     * @throws StartupException when a listener cannot bind or the transport is not available
     */
    public static CamelotServer start(CamelotConfig config) throws ConfigException, StartupException {
        return start(config, CertificateLoading.start(config));
    }

    /**
     * As {@link #start(CamelotConfig)}, with the certificates of the TLS listeners already loading (started as soon
     * as the configuration was bound, so that they load on the second core while this thread builds the rest).
     */
    public static CamelotServer start(CamelotConfig config, CertificateLoading loading)
            throws ConfigException, StartupException {
        return start(config, loading, new DaemonMeters());
    }

    /**
     * As {@link #start(CamelotConfig, CertificateLoading)}, with the daemon's meter registry already made (the JVM's
     * meters are bound while the main thread reads the configuration); the server owns and closes it.
     */
    public static CamelotServer start(CamelotConfig config, CertificateLoading loading, DaemonMeters daemonMeters)
            throws ConfigException, StartupException {
        Transport transport;
        try {
            transport = Transport.resolve(config.transport());
        } catch (IllegalStateException e) {
            daemonMeters.close();
            throw new StartupException(e.getMessage(), e);
        }
        CamelotServer server = new CamelotServer(config, transport, daemonMeters);
        Map<ListenerConfig, Protocol> protocols = Map.of();
        try {
            protocols = Protocols.create(config, loading, server.blocking, server.meters, server);
            Map<String, ListenerCertificates> tls = loading.get();
            for (Map.Entry<ListenerConfig, Protocol> e : protocols.entrySet()) {
                ListenerGeneration g = server.binder.generation(e.getKey(), e.getValue(), tls.get(e.getKey().name()),
                        null);
                server.put(e.getKey().name(), server.binder.bind(config, g));
            }
        } catch (ConfigException | StartupException | RuntimeException e) {
            server.close();
            protocols.forEach((l, p) -> {
                if (!server.listeners.containsKey(l.name())) {
                    p.close();
                }
            });
            throw e;
        }
        server.maintainCertificates();
        server.state = State.SERVING;
        server.status.start();
        return server;
    }

    /**
     * Puts a new configuration in place. Listeners that stay where they are get the new settings, TLS certificates,
     * files and tables for new connections while open connections carry on with the old ones; listeners added or
     * moved are bound, listeners removed or moved drain and stop. Nothing changes if a protocol refuses its settings
     * or a new listener cannot bind.
     *
     * @throws ConfigException  when a protocol refuses its new settings; the running configuration stays
     * @throws StartupException when an added or moved listener cannot bind; the running configuration stays
     */
    public synchronized void reload(CamelotConfig next) throws ConfigException, StartupException {
        if (state != State.SERVING) {
            throw new StartupException("cannot reload while " + state.name().toLowerCase(java.util.Locale.ROOT), null);
        }
        CamelotConfig previous = config;
        if (next.transport() != previous.transport() || next.ioThreads() != previous.ioThreads()) {
            log.warn("reload: transport and io-threads take effect at the next restart (still {} with {} threads)",
                    transport.kind(), previous.ioThreads());
        }
        CertificateLoading loading = CertificateLoading.start(next);
        Map<ListenerConfig, Protocol> protocols = Protocols.create(next, loading, blocking, meters, this);
        Map<String, ListenerCertificates> tls = loading.get();
        Map<String, ListenerGeneration> inPlace = new LinkedHashMap<>();
        Map<String, Listener> bound = new LinkedHashMap<>();
        Map<String, String> why = new LinkedHashMap<>();
        List<ListenerGeneration> later = new ArrayList<>();
        try {
            for (Map.Entry<ListenerConfig, Protocol> e : protocols.entrySet()) {
                ListenerConfig l = e.getKey();
                Listener old = listeners.get(l.name());
                ListenerCertificates certificates = tls.get(l.name());
                boolean here = old != null && sameAddress(old, l);
                if (here && old.reloadsInPlace(l, e.getValue())) {
                    inPlace.put(l.name(), binder.generation(l, e.getValue(), certificates, old.generation()));
                } else if (here && old.bindsAlongside(l, e.getValue())) {
                    // New sockets join the old ones' SO_REUSEPORT group before those close: no moment unbound.
                    why.put(l.name(), "binds new sockets beside its old ones, then closes those");
                    bound.put(l.name(), binder.bind(next, binder.generation(l, e.getValue(), certificates, null),
                            new InetSocketAddress(l.address().getAddress(), old.localAddress().getPort())));
                } else if (here) {
                    // its port frees only once the old one stops
                    later.add(binder.generation(l, e.getValue(), certificates, null));
                } else {
                    bound.put(l.name(), binder.bind(next, binder.generation(l, e.getValue(), certificates, null)));
                }
            }
        } catch (StartupException | RuntimeException e) {
            bound.values().forEach(r -> stopListener(r, Duration.ZERO, true));
            protocols.values().forEach(Protocol::close);
            throw e;
        }
        inPlace.forEach((name, g) -> listeners.get(name).reload(g));
        for (String name : List.copyOf(listeners.keySet())) {
            if (!inPlace.containsKey(name)) {
                Listener old = listeners.get(name);
                remove(name);
                boolean rebound = later.stream().anyMatch(g -> g.config().name().equals(name));
                log.info("reload: listener {} {}", name, why.containsKey(name) ? why.get(name)
                        : bound.containsKey(name) || rebound ? "moves or changes model" : "removed");
                // a listener bound again at the same address needs its UDP port back now, not after the drain
                stopListener(old, next.shutdownTimeout(), rebound);
            }
        }
        bound.forEach(this::put);
        for (ListenerGeneration g : later) {
            try {
                put(g.config().name(), binder.bind(next, g));
            } catch (StartupException e) {
                log.error("reload: {}", e.getMessage());
                g.closeProtocol();
            }
        }
        applyTrafficShaping(next.trafficShaping());
        config = next;
        maintainCertificates();
        log.info("reload: {} listener(s) serving with the configuration from {}", listeners.size(), next.file());
    }

    /** Watches, measures and renews the certificates of the listeners now running, and stops on the others. */
    private void maintainCertificates() {
        certificates.maintain(listeners.values().stream().map(l -> l.generation().certificates())
                .filter(Objects::nonNull).toList());
    }

    /** Orders every ACME certificate again now, due or not (renewal on demand). */
    public void renewAcmeCertificates() {
        certificates.renewAcme();
    }

    private synchronized void put(String name, Listener listener) {
        Map<String, Listener> next = new LinkedHashMap<>(listeners);
        next.put(name, listener);
        listeners = java.util.Collections.unmodifiableMap(next);
    }

    private synchronized void remove(String name) {
        Map<String, Listener> next = new LinkedHashMap<>(listeners);
        next.remove(name);
        listeners = java.util.Collections.unmodifiableMap(next);
    }

    /** Whether {@code next} asks for the address {@code old} holds: as configured, or as bound when that was port 0. */
    private static boolean sameAddress(Listener old, ListenerConfig next) {
        InetSocketAddress configured = old.config().address();
        return next.address().equals(configured)
                || next.address().getAddress().equals(configured.getAddress())
                && next.address().getPort() == old.localAddress().getPort();
    }

    /**
     * Stops one listener: no more accepting, its connections drain, what is left is closed after {@code drain}. Its
     * datagram sockets (HTTP/3) carry their connections until they have drained, unless {@code rebinding}.
     */
    private void stopListener(Listener l, Duration drain, boolean rebinding) {
        stopping.add(l);
        l.stopAccepting(rebinding);
        l.drain();
        Thread.ofVirtual().name("camelot-stop-" + l.config().name()).start(() -> {
            long deadline = System.nanoTime() + drain.toNanos();
            while (System.nanoTime() < deadline && !l.idle()) {
                sleep(20);
            }
            l.close();
            l.generation().retire();
            stopping.remove(l);
        });
    }

    private void applyTrafficShaping(TrafficShaping shaping) {
        GlobalTrafficShapingHandler handler = trafficShaping;
        if (handler != null) {
            handler.configure(shaping.writeBytesPerSecond(), shaping.readBytesPerSecond(),
                    shaping.checkInterval().toMillis());
        } else if (shaping.enabled()) {
            trafficShaping = new GlobalTrafficShapingHandler(group.next(), shaping.writeBytesPerSecond(),
                    shaping.readBytesPerSecond(), shaping.checkInterval().toMillis());
        }
    }

    /** The configuration in force. */
    public CamelotConfig config() {
        return config;
    }

    /** The running listeners by name. */
    public Map<String, Listener> listeners() {
        return listeners;
    }

    /** The address a listener actually bound. */
    public InetSocketAddress address(String listener) {
        Listener l = listeners.get(listener);
        if (l == null) {
            throw new IllegalArgumentException("no listener " + listener);
        }
        return l.localAddress();
    }

    /** The registry every listener and protocol records its metrics in. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** A listener's door: its access rules, limits and refusal counts. */
    public ListenerGuard guard(String listener) {
        return listeners.get(listener).generation().guard();
    }

    /** Open connections across all listeners, those stopping included. */
    public int openConnections() {
        return Stream.concat(listeners.values().stream(), stopping.stream()).mapToInt(Listener::openConnections).sum();
    }

    /**
     * Keeps serving for the configured {@code shutdown-delay} while the health checks answer 503 (so that a
     * balancer takes the instance out while it still answers), then stops accepting, tells every open connection
     * to finish what it has accepted ({@link DrainEvent}), waits up to {@code timeout} for them to close, closes
     * what is left, and releases everything.
     */
    public void shutdown(Duration timeout) {
        Duration delay;
        synchronized (this) {
            if (state != State.SERVING && state != State.STARTING) {
                return;
            }
            delay = config.shutdownDelay();
            state = State.STOPPING;
        }
        if (delay.isPositive()) {
            log.info("shutting down: health checks answer 503 for the shutdown-delay of {} while every listener "
                    + "keeps serving; then the drain", delay);
            long end = System.nanoTime() + delay.toNanos();
            while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
            }
        }
        drain(timeout);
    }

    private synchronized void drain(Duration timeout) {
        state = State.DRAINING;
        // The listeners that serve during the drain (health checks) close last; the others drain, with those that
        // a reload removed and that still drain.
        List<Listener> draining = Stream.concat(listeners.values().stream()
                .filter(l -> !l.protocol().servesDuringDrain()), stopping.stream()).distinct().toList();
        draining.forEach(l -> l.stopAccepting(false));
        int open = draining.stream().mapToInt(Listener::openConnections).sum();
        if (open > 0 || draining.stream().anyMatch(l -> !l.idle())) {
            log.info("shutting down: draining {} connection(s), up to {}", open, timeout);
            draining.forEach(Listener::drain);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (draining.stream().anyMatch(l -> !l.idle()) && System.nanoTime() < deadline
                    && !Thread.currentThread().isInterrupted()) {
                sleep(Math.min(20, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
            int left = draining.stream().mapToInt(Listener::openConnections).sum();
            if (left > 0) {
                log.warn("drain timeout: closing {} connection(s) still open: {}", left, draining.stream()
                        .filter(l -> l instanceof StreamListener).flatMap(l -> ((StreamListener) l).openPeers(10)
                                .stream()).limit(10).collect(Collectors.joining(", ")));
            }
        }
        List<Listener> all = Stream.concat(listeners.values().stream(), stopping.stream()).distinct().toList();
        all.forEach(Listener::close);
        for (Listener l : listeners.values()) {
            l.generation().closeProtocol();
        }
        GlobalTrafficShapingHandler shaping = trafficShaping;
        if (shaping != null) {
            shaping.release();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        blocking.shutdownNow();
        status.close();
        certificates.close();
        daemonMeters.close();
        state = State.STOPPED;
        log.info("stopped");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public String scrape() {
        return meters.scrape();
    }

    @Override
    public String statusJson() {
        return status.json();
    }

    private List<StatusRecorder.ListenerView> listenerViews() {
        return listeners.values().stream().map(l -> {
            ListenerConfig c = l.config();
            InetSocketAddress a = l.localAddress();
            String host = io.netty.util.NetUtil.toAddressString(a.getAddress());
            return new StatusRecorder.ListenerView(c.name(), c.provider().name(),
                    (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort(), c.isTls(),
                    c.provider().socketType() == org.camelot.protocol.SocketType.DATAGRAM,
                    c.concurrency().model().toString(),
                    l instanceof ModelListener ? l.openConnections() : -1);
        }).toList();
    }

    /** Shuts down with the configured drain timeout. */
    @Override
    public void close() {
        shutdown(config.shutdownTimeout());
    }
}
