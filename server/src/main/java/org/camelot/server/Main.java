package org.camelot.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.camelot.protocol.Protocol;
import org.camelot.server.concurrency.ProcessGroup;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.logging.LogbackSetup;
import org.camelot.server.logging.ShippedLogging;
import org.camelot.server.tls.CertificateLoading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code java -jar camelot-server.jar [--config PATH] [--set key.path=value ...] [--check]}. */
@Command(name = "camelot-server", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs the Camelot daemon: the listeners named in a YAML configuration file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGTERM, SIGINT), or --check found no problem",
                "1:could not start (a port in use, a transport not available)",
                "2:bad configuration or command line"})
public final class Main implements Callable<Integer> {

    /** Exit code for a configuration that cannot be used. */
    public static final int CONFIG_ERROR = 2;
    /** Exit code for a start-up failure such as a port in use. */
    public static final int STARTUP_FAILURE = 1;

    @Option(names = "--config", paramLabel = "PATH", defaultValue = "config/camelot.yaml",
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY.PATH=VALUE",
            description = "Overrides one key of the file, e.g. --set listeners.https.port=0. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--check", description = "Validates the configuration, prints it resolved, and exits.")
    boolean check;

    @Option(names = "--pid-file", paramLabel = "PATH",
            description = "Writes the daemon's process id here once it serves (for kill -HUP, kill -TERM); removed on exit.")
    Path pidFile;

    @Option(names = "--ready-file", paramLabel = "PATH",
            description = "Once every listener is bound, writes one line per listener to PATH: its name and the "
                    + "address it bound (HOST:PORT, the real port when the configured one is 0); deleted on exit.")
    Path readyFile;

    @Option(names = "--stop-on-stdin-eof",
            description = "Shuts down gracefully when standard input closes, as when the process that started the "
                    + "daemon exits.")
    boolean stopOnStdinEof;

    /** Set by the processes concurrency model on the processes it starts. */
    @Option(names = "--process-worker", paramLabel = "LISTENER", hidden = true)
    String processWorker;

    /** Logging, the YAML mapper and the transport's library, made on the second core; or none. */
    private final StartupPreload preload;

    Main() {
        this(null);
    }

    private Main(StartupPreload preload) {
        this.preload = preload;
    }

    public static void main(String[] args) {
        StartupPreload preload = StartupPreload.start();
        System.exit(commandLine(new Main(preload)).execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(new Main());
    }

    private static CommandLine commandLine(Main main) {
        return new CommandLine(main).setExitCodeExceptionMapper(e -> CONFIG_ERROR);
    }

    @Override
    public Integer call() {
        if (preload != null) {
            preload.awaitLogging();
        }
        configureLogging(config);
        CamelotConfig loaded;
        try {
            loaded = (preload != null ? preload.configLoader() : new ConfigLoader()).load(config, overrides);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return CONFIG_ERROR;
        }
        if (processWorker != null) {
            try {
                loaded = ProcessGroup.workerConfig(loaded, processWorker);
            } catch (IllegalArgumentException e) {
                System.err.println("camelot: --process-worker: " + e.getMessage());
                return CONFIG_ERROR;
            }
        }
        if (check) {
            return check(loaded);
        }
        // The TLS listeners' certificates (netty-tcnative, BoringSSL's contexts) load on the second core from now on,
        // while this thread sets up logging, the event loops and the other listeners.
        CertificateLoading certificates = CertificateLoading.start(loaded);
        LogbackSetup.apply(loaded.logging());
        return run(loaded, certificates);
    }

    private static int check(CamelotConfig loaded) {
        try {
            DaemonStatus checking = new DaemonStatus() {
                @Override
                public State state() {
                    return State.STARTING;
                }

                @Override
                public String scrape() {
                    return "";
                }

                @Override
                public String statusJson() {
                    return "{}";
                }
            };
            // what start-up does as the listeners start: read the certificate files, create the protocols
            Protocols.create(loaded, CertificateLoading.start(loaded), Runnable::run,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), checking).values()
                    .forEach(Protocol::close);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return CONFIG_ERROR;
        }
        System.out.print(new ConfigLoader().render(loaded));
        System.out.println("# configuration OK");
        return 0;
    }

    private int run(CamelotConfig loaded, CertificateLoading certificates) {
        Logger log = LoggerFactory.getLogger(Main.class);
        CamelotServer server;
        try {
            server = preload != null ? CamelotServer.start(loaded, certificates, preload.daemonMeters())
                    : CamelotServer.start(loaded, certificates);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return CONFIG_ERROR;
        } catch (StartupException e) {
            System.err.println("camelot: " + e.getMessage());
            return STARTUP_FAILURE;
        }
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), s -> {
                log.info("SIG{} received: shutting down", s.getName());
                stop.countDown();
            });
        }
        if (processWorker == null) {
            reloadOnSighup(server, log);
        }
        if (pidFile != null) {
            // Written before "started" is logged, whole (a rename), so whoever waits for the line finds the file.
            try {
                Path partial = pidFile.resolveSibling(pidFile.getFileName() + ".partial");
                Files.writeString(partial, ProcessHandle.current().pid() + "\n");
                Files.move(partial, pidFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                log.warn("cannot write the pid file {}: {}", pidFile, e.toString());
            }
        }
        if (processWorker != null) {
            log.info("camelot {} process {} of listener {} started", Version.VERSION, ProcessHandle.current().pid(),
                    processWorker);
        } else {
            log.info("camelot {} started with {} listener(s) from {}", Version.VERSION, server.listeners().size(),
                    loaded.file());
        }
        if (readyFile != null && !ReadyFile.write(readyFile, server)) {
            server.shutdown(loaded.shutdownTimeout());
            return STARTUP_FAILURE;
        }
        if (stopOnStdinEof) {
            // A process of the processes model also reloads on a "reload" line: its daemon's SIGHUP, passed on.
            Runnable onReload = processWorker != null ? () -> reload(server) : null;
            Thread.ofPlatform().daemon().name("stdin-watch").start(() -> {
                ReadyFile.awaitEndOfInput(System.in, onReload);
                log.info("standard input closed: shutting down");
                stop.countDown();
            });
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdown(server.config().shutdownTimeout());
        if (readyFile != null) {
            ReadyFile.delete(readyFile);
        }
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (java.io.IOException e) {
                log.warn("cannot remove the pid file {}: {}", pidFile, e.toString());
            }
        }
        return 0;
    }

    /**
     * Installs the SIGHUP handler, or says why reload by signal is unavailable: a signal ignored when the process
     * started (as {@code nohup} leaves SIGHUP) stays ignored, the JVM does not take it over.
     */
    private void reloadOnSighup(CamelotServer server, Logger log) {
        try {
            sun.misc.SignalHandler previous = Signal.handle(new Signal("HUP"), s -> reload(server));
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                log.warn("SIGHUP is ignored by this process (it was started with SIGHUP ignored, as nohup does): "
                        + "reload by signal is unavailable; restart the daemon without nohup (under systemd, "
                        + "setsid or a shell's job control) to reload it with kill -HUP");
            }
        } catch (IllegalArgumentException e) {
            log.warn("reload by signal is unavailable: the JVM keeps SIGHUP for itself ({}; -Xrs does this)",
                    e.getMessage());
        }
    }

    /**
     * SIGHUP: reads the configuration file again (with the same {@code --set} overrides) and puts it in place; a
     * configuration with errors is refused with a log line and the running one stays.
     */
    private synchronized void reload(CamelotServer server) {
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("{}: reloading {}", processWorker != null ? "reload asked by the daemon" : "SIGHUP received",
                config);
        try {
            CamelotConfig next = new ConfigLoader().load(config, overrides);
            if (processWorker != null) {
                next = ProcessGroup.workerConfig(next, processWorker);
            }
            server.reload(next);
            LogbackSetup.apply(next.logging());
        } catch (ConfigException e) {
            log.error("reload refused, the running configuration stays:\n{}", e.getMessage());
        } catch (StartupException | RuntimeException e) {
            log.error("reload refused, the running configuration stays: {}", e.getMessage());
        }
    }

    /** Uses {@code logback.xml} beside the configuration file, unless logback was pointed elsewhere. */
    private static void configureLogging(Path config) {
        if (System.getProperty("logback.configurationFile") != null) {
            return;
        }
        Path parent = config.toAbsolutePath().getParent();
        Path xml = parent == null ? null : parent.resolve("logback.xml");
        if (xml == null || !Files.isReadable(xml)) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            try {
                byte[] text = Files.readAllBytes(xml);
                if (ShippedLogging.isShippedConfigFile(text)) {
                    // the file as shipped: the same configuration built in code, without the XML configurator
                    context.reset();
                    ShippedLogging.configFile(context);
                } else {
                    JoranConfigurator configurator = new JoranConfigurator();
                    configurator.setContext(context);
                    context.reset();
                    configurator.doConfigure(xml.toFile());   // a file, for scan="true" and includes
                }
                LogbackSetup.reset();
            } catch (Exception e) {
                System.err.println("camelot: " + xml + ": cannot configure logging: " + e.getMessage());
            }
        }
    }
}
