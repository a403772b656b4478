package org.camelot.client.bench.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.camelot.client.bench.report.ResultTable;
import org.camelot.client.bench.report.SweepPoint;
import org.camelot.client.bench.report.SweepReport;
import org.camelot.client.bench.run.BenchResult;
import org.camelot.client.bench.run.LoadPlan;
import org.camelot.client.bench.run.LoadRun;
import org.camelot.client.bench.run.Workload;
import org.camelot.client.bench.workload.ScriptedWorkload;
import org.camelot.client.command.DurationConverter;
import org.camelot.client.command.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench sweep}: for each concurrency model, starts a Camelot server (a child JVM, port 0) running the
 * workload's protocol under that model, measures it at each concurrency (closed loop), stops it, and writes an HTML
 * report and a CSV: the experiment of Foundations of Python Network Programming, chapter 7, in one command.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures one protocol under several server concurrency models at rising concurrency and "
                + "writes sweep.html (charts of throughput and p99 against concurrency) and sweep.csv.")
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--models", split = ",", paramLabel = "MODEL[:N]",
            defaultValue = "sequential,thread-per-connection,thread-pool,virtual-threads,event-loop",
            description = "Server models, each optionally with a number (thread-pool:16, event-loop:1, processes:2). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(names = "--concurrency", split = ",", paramLabel = "N", defaultValue = "1,2,3,5,7,10,13,16,20",
            description = "Concurrent clients at each step. Default: ${DEFAULT-VALUE}.")
    List<Integer> levels;

    @Option(names = "--workload", defaultValue = "launcelot", paramLabel = "NAME",
            description = "launcelot, launcelot-connect or upper. Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class, defaultValue = "8s",
            paramLabel = "TIME", description = "Measured time at each step. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = {"-w", "--warmup"}, converter = DurationConverter.class, defaultValue = "1s",
            paramLabel = "TIME", description = "Unmeasured load before each step. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--server-warmup", converter = DurationConverter.class, defaultValue = "3s",
            paramLabel = "TIME", description = "Unmeasured load on each new server at the highest concurrency, for "
                    + "its JIT. Default: ${DEFAULT-VALUE}.")
    Duration serverWarmup;

    @Option(names = "--sleep-millis", defaultValue = "0", paramLabel = "MS",
            description = "Simulated handler work: the server waits this long per request. Default: ${DEFAULT-VALUE}.")
    int sleepMillis;

    @Option(names = "--cpu-micros", defaultValue = "0", paramLabel = "US",
            description = "Simulated handler work: the server computes this long per request. Default: ${DEFAULT-VALUE}.")
    int cpuMicros;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "10s",
            paramLabel = "TIME", description = "The longest one operation may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Event-loop threads of the generator. Default: one per CPU core.")
    int threads;

    @Option(names = "--out", defaultValue = "bench-out", paramLabel = "DIR",
            description = "Where sweep.html, sweep.csv and the servers' configurations and logs go. "
                    + "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--peer", paramLabel = "LABEL=HOST:PORT",
            description = "Also measure a server already running there (another implementation of the workload's "
                    + "protocol, such as the book's Python servers), as a line of its own. Repeatable.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--quiet-wait", converter = DurationConverter.class, defaultValue = "0s",
            paramLabel = "TIME", description = "Before each step, wait up to this long for the machine to be quiet "
                    + "(below --quiet-percent busy), as on a machine shared with other work. Default: ${DEFAULT-VALUE}.")
    Duration quietWait;

    @Option(names = "--quiet-percent", defaultValue = "15", paramLabel = "PCT",
            description = "What quiet means: the whole machine below this % busy. Default: ${DEFAULT-VALUE}.")
    int quietPercent;

    @Option(names = "--server-jar", paramLabel = "FILE",
            description = "The Camelot server jar (default: found beside this jar or in the build tree).")
    Path serverJar;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        List<ModelSpec> specs;
        List<Peer> peerTargets = new ArrayList<>();
        String protocol;
        try {
            specs = models.stream().map(ModelSpec::parse).toList();
            for (String p : peers) {
                peerTargets.add(Peer.parse(p));
            }
            protocol = switch (workload) {
                case "launcelot", "launcelot-connect" -> "launcelot";
                case "upper" -> "upper";
                default -> throw new IllegalArgumentException("--workload " + workload
                        + ": expected launcelot, launcelot-connect or upper");
            };
            if (levels.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("--concurrency: every level must be at least 1");
            }
            if (sleepMillis < 0 || cpuMicros < 0) {
                throw new IllegalArgumentException("--sleep-millis and --cpu-micros must not be negative");
            }
        } catch (IllegalArgumentException ex) {
            e.println("bench sweep: " + ex.getMessage());
            return ExitCodes.USAGE;
        }
        String classPath;
        try {
            classPath = ServerProcess.classPath(serverJar);
        } catch (IOException ex) {
            e.println("bench sweep: " + ex.getMessage());
            return ExitCodes.USAGE;
        }
        Files.createDirectories(out);
        List<SweepPoint> points = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (ModelSpec m : specs) {
            String name = "server-" + m.label().replace(':', '-');
            o.printf("%s: starting the server%n", m.label());
            o.flush();
            try (ServerProcess server = ServerProcess.start(classPath, out, name,
                    m.configuration(protocol, cpuMicros, sleepMillis), "bench")) {
                steps(m.label(), new InetSocketAddress("127.0.0.1", server.port()), server.pid(), points, o);
            } catch (IOException ex) {
                failures.put(m.label(), ex.getMessage());
                e.println("bench sweep: " + m.label() + ": " + ex.getMessage());
            }
        }
        for (Peer peer : peerTargets) {
            o.printf("%s: %s%n", peer.label(), peer.address());
            steps(peer.label(), peer.address(), CpuTicks.listener(peer.address().getPort()).orElse(0), points, o);
        }
        Path html = out.resolve("sweep.html");
        Path csv = out.resolve("sweep.csv");
        SweepReport.writeHtml(about(failures), points, html);
        SweepReport.writeCsv(points, csv);
        o.printf("report: %s%nfigures: %s%n", html, csv);
        return failures.isEmpty() ? 0 : ExitCodes.FAILED;
    }

    /** Warms a server up, then measures it at each concurrency. */
    private void steps(String label, InetSocketAddress target, long serverPid, List<SweepPoint> points,
                       PrintWriter o) throws InterruptedException {
        int top = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (!serverWarmup.isZero()) {
            new LoadRun(workload(target), plan(top, serverWarmup, Duration.ZERO)).run(null, null);
        }
        for (int c : levels) {
            if (!quietWait.isZero()) {
                MachineLoad.waitQuiet(quietWait, quietPercent);
            }
            MachineLoad load = MachineLoad.start(serverPid);
            BenchResult r = new LoadRun(workload(target), plan(c, duration, warmup)).run(null, null);
            SweepPoint p = new SweepPoint(label, c, r, load.stop());
            points.add(p);
            o.printf(Locale.ROOT, "  %-24s %3d clients  %,10.1f ops/s  p99 %9.3f ms  errors %s  cpu %s%s%n", label,
                    c, r.throughput(), r.latency().p99(), ResultTable.describe(r.errors()), SweepReport.cpu(p.cpu()),
                    p.disturbed() ? " *" : "");
            o.flush();
        }
    }

    private Workload workload(InetSocketAddress target) {
        return switch (workload) {
            case "launcelot" -> ScriptedWorkload.launcelot("launcelot", target, 10, null);
            case "launcelot-connect" -> ScriptedWorkload.launcelot("launcelot-connect", target, 3, null);
            default -> ScriptedWorkload.upper(target, "the quick brown fox", null);
        };
    }

    private LoadPlan plan(int connections, Duration measure, Duration warm) {
        return new LoadPlan(connections, 0, measure, 0, warm, timeout,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), "auto", List.of(), 256);
    }

    private SweepReport.About about(Map<String, String> failures) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("workload", workload + " (" + workload(new InetSocketAddress("127.0.0.1", 1)).operation() + ")");
        facts.put("models", String.join(", ", models));
        if (!peers.isEmpty()) {
            facts.put("peers (already running)", String.join(", ", peers));
        }
        facts.put("concurrency", levels.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        facts.put("each step", duration.toMillis() / 1000.0 + " s measured after " + warmup.toMillis() / 1000.0
                + " s of warm-up, closed loop");
        facts.put("server work", "cpu-micros " + cpuMicros + ", sleep-millis " + sleepMillis + " per request");
        facts.put("machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", Java " + Runtime.version());
        facts.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        facts.put("CPU", "server / generator / other processes during each step (warm-up included), in % of one "
                + "core; * marks a step during which other processes used more than 25 %"
                + (quietWait.isZero() ? "" : "; before each step the sweep waited up to " + quietWait.toSeconds()
                + " s for the machine to be below " + quietPercent + " % busy"));
        // The root command line's arguments: "bench sweep" and the options.
        facts.put("command", "camelot-client " + String.join(" ",
                spec.root().commandLine().getParseResult().originalArgs()));
        return new SweepReport.About("Camelot concurrency sweep: " + workload, facts, failures);
    }
}
