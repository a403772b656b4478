package org.camelot.server.concurrency;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.Protocol;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.config.LoggingSettings;
import org.camelot.server.guard.ListenerGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes model: N server processes, each running the listener under its process model, all listening on the
 * same port with SO_REUSEPORT so that the kernel spreads new connections among them. The daemon holds the port with
 * a bound, non-listening socket (it receives no connection), starts the processes, restarts one that dies, and stops
 * them all (SIGTERM, then SIGKILL after the drain timeout) when it stops.
 */
public final class ProcessGroup implements ModelServer {

    private static final Logger log = LoggerFactory.getLogger(ProcessGroup.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A process told to stop drains with the daemon's own timeout; this is what its JVM may take on top to exit. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(3);

    private final ListenerConfig config;
    private final Socket portHolder;
    private final Path directory;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final ScheduledExecutorService restarts;
    private volatile boolean stopping;

    private ProcessGroup(ListenerConfig config, Socket portHolder, Path directory) {
        this.config = config;
        this.portHolder = portHolder;
        this.directory = directory;
        this.restarts = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(config.name() + "-processes").factory());
    }

    /** Reserves the port, starts every process and waits until each has bound it. */
    public static ProcessGroup start(CamelotConfig root, ListenerConfig config) throws IOException {
        Socket holder = new Socket();
        try {
            holder.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            holder.bind(config.address());
        } catch (IOException | RuntimeException e) {
            holder.close();
            throw e;
        }
        ProcessGroup group = new ProcessGroup(config, holder, Files.createTempDirectory("camelot-" + config.name()));
        try {
            int count = config.concurrency().processes();
            for (int i = 1; i <= count; i++) {
                Path ready = group.directory.resolve("process-" + i + ".ready");
                group.workers.add(new WorkerProcess(config.name() + " process " + i + "/" + count,
                        WorkerCommand.build(root, config.name(), holder.getLocalPort(), ready), ready));
            }
            for (WorkerProcess w : group.workers) {
                w.start();
            }
            for (WorkerProcess w : group.workers) {
                w.awaitReady(READY_TIMEOUT);
                group.watch(w, Duration.ofSeconds(1));
            }
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        log.info("listener {}: {} processes ({}) share port {}: pids {}", config.name(), group.workers.size(),
                config.concurrency().processModel(), holder.getLocalPort(),
                group.workers.stream().map(w -> String.valueOf(w.pid())).toList());
        return group;
    }

    /**
     * The configuration a process of the processes model runs: only the named listener, under its process model,
     * bound with SO_REUSEPORT.
     *
     * @throws IllegalArgumentException if there is no such listener or it does not use the processes model
     */
    public static CamelotConfig workerConfig(CamelotConfig root, String listener) {
        ListenerConfig l = root.listeners().stream().filter(x -> x.name().equals(listener)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listener " + listener));
        if (l.concurrency().model() != ConcurrencyModel.PROCESSES) {
            throw new IllegalArgumentException("listener " + listener + " does not use the processes model");
        }
        LoggingSettings logging = root.logging();
        // The processes' output goes into the daemon's; log files are the daemon's alone, so that several processes
        // never write and roll the same file.
        LoggingSettings consoleOnly = new LoggingSettings(logging.level(), logging.levels(), true, null, null,
                logging.maxFileSize(), logging.maxHistory());
        return root.withListeners(List.of(l.asProcess(l.concurrency().worker(), l.address().getPort())))
                .withLogging(consoleOnly);
    }

    /** Restarts a process that exits while the daemon runs, waiting longer after each quick failure. */
    private void watch(WorkerProcess w, Duration backoff) {
        w.exit().thenAccept(code -> {
            if (stopping) {
                return;
            }
            Duration next = w.uptime().toSeconds() > 60 ? Duration.ofSeconds(1)
                    : backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            log.error("listener {}: {} (pid {}) exited with code {}; restarting it in {}s", config.name(), w.name(),
                    w.pid(), code, backoff.toSeconds());
            restarts.schedule(() -> restart(w, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void restart(WorkerProcess w, Duration backoff) {
        if (stopping) {
            return;
        }
        try {
            w.start();
            w.awaitReady(READY_TIMEOUT);
            log.info("listener {}: {} restarted (pid {})", config.name(), w.name(), w.pid());
        } catch (IOException e) {
            if (stopping) {
                return;
            }
            log.error("listener {}: {}: {}", config.name(), w.name(), e.getMessage());
        }
        watch(w, backoff);
    }

    /** The process ids of the processes running and serving, in start order. */
    public List<Long> pids() {
        return workers.stream().filter(WorkerProcess::ready).map(WorkerProcess::pid).toList();
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress(config.address().getAddress(), portHolder.getLocalPort());
    }

    @Override
    public int openConnections() {
        return 0;
    }

    /**
     * The processes take a new configuration themselves as long as there are as many of them, under the same
     * process model: only a change of those starts a new group.
     */
    @Override
    public boolean reloadsInPlace(ListenerConfig next) {
        return next.concurrency().equals(config.concurrency()) && next.door().reusePort() == config.door().reusePort();
    }

    /**
     * Tells every process to read the configuration file again (with the daemon's {@code --set} overrides and its
     * port), as the daemon did: each applies it as a reload of its own, so open connections carry on.
     */
    @Override
    public void reload(ListenerConfig next, Protocol protocol, ListenerGuard door) {
        log.info("listener {}: {} processes reload", config.name(), workers.size());
        workers.forEach(WorkerProcess::reload);
    }

    /** Each process stops accepting and drains on SIGTERM, with the same drain timeout as the daemon. */
    @Override
    public void stopAccepting() {
        stopping = true;
        restarts.shutdownNow();
        workers.forEach(WorkerProcess::stop);
    }

    @Override
    public void drain() {
        // The processes drain by themselves on the SIGTERM sent by stopAccepting.
    }

    @Override
    public boolean idle() {
        return workers.stream().noneMatch(WorkerProcess::alive);
    }

    @Override
    public void close() {
        stopping = true;
        restarts.shutdownNow();
        long grace = System.nanoTime() + EXIT_GRACE.toNanos();
        for (WorkerProcess w : workers) {
            w.awaitExit(grace);
            if (w.alive()) {
                log.warn("listener {}: {} (pid {}) still running; killing it", config.name(), w.name(), w.pid());
            }
            w.kill();
            w.cleanUp();
        }
        try {
            portHolder.close();
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.debug("listener {}: cleaning up: {}", config.name(), e.toString());
        }
    }
}
