package org.camelot.server;

import io.netty.channel.epoll.Epoll;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.metrics.DaemonMeters;
import org.slf4j.LoggerFactory;

/**
 * What every start needs and does not depend on the configuration, done on the second core while the main thread
 * parses the command line: Logback's first configuration, Jackson's YAML mapper for the configuration file (most of
 * its cost is class initialisation), the deserializers of the settings records ({@link ConfigLoader#prepareBinding},
 * while the main thread reads the file), the epoll library of {@code transport: auto} and the daemon's meter registry
 * with the JVM's meters. Each is used by the main thread right after; the thread ends when it is done.
 */
final class StartupPreload {

    private final CountDownLatch logging = new CountDownLatch(1);
    private final FutureTask<ConfigLoader> configLoader = new FutureTask<>(ConfigLoader::new);
    private final FutureTask<DaemonMeters> meters = new FutureTask<>(DaemonMeters::new);
    private final AtomicBoolean handedOut = new AtomicBoolean();

    private StartupPreload() {
    }

    static StartupPreload start() {
        StartupPreload p = new StartupPreload();
        Thread.ofPlatform().daemon().name("camelot-preload").start(p::run);
        return p;
    }

    private void run() {
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            logging.countDown();
        }
        configLoader.run();
        try {
            configLoader.get().prepareBinding(StartupPreload.class.getClassLoader());
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            // the main thread makes its own loader and binds without the head start
        }
        // Loads and links the native library; Transport.resolve, on the main thread after the binding, finds it ready.
        Epoll.isAvailable();
        meters.run();
    }

    /**
     * Waits until Logback is initialised: SLF4J hands a thread that asks while another initialises it a stand-in
     * factory, which is not Logback's context.
     */
    void awaitLogging() {
        await(logging);
    }

    /** The daemon's meter registry with the JVM's meters bound, made here; each call after the first makes a new one. */
    DaemonMeters daemonMeters() {
        return handedOut.compareAndSet(false, true) ? made(meters, DaemonMeters::new) : new DaemonMeters();
    }

    /** The configuration loader, made here. */
    ConfigLoader configLoader() {
        return made(configLoader, ConfigLoader::new);
    }

    /**
     * What {@code task} made, waiting for it without giving up on an interrupt (kept for the caller); if it failed,
     * {@code again} makes it in the caller's thread, so that what failed there fails here.
     */
    private static <T> T made(FutureTask<T> task, Supplier<T> again) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    return again.get();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
