package org.camelot.client.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.HistogramLogWriter;
import org.camelot.client.bench.report.ResultFiles;
import org.camelot.client.bench.report.ResultTable;
import org.camelot.client.bench.run.BenchResult;
import org.camelot.client.bench.run.ClientTransport;
import org.camelot.client.bench.run.LoadPlan;
import org.camelot.client.bench.run.LoadRun;
import org.camelot.client.bench.run.Workload;
import org.camelot.client.command.ExitCodes;

/** Runs one workload from the command line: checks limits, runs, prints the table and writes the files asked for. */
final class BenchRunner {

    private BenchRunner() {
    }

    static int run(Workload workload, LoadOptions options, PrintWriter out, PrintWriter err) {
        LoadPlan plan;
        try {
            plan = options.plan(workload.remote(), workload.datagram() && workload.streams() == 0
                    ? Duration.ofSeconds(1) : Duration.ofSeconds(10));
            ClientTransport.resolve(plan.transport());
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        OptionalLong limit = OpenFileLimit.current();
        if (limit.isPresent() && OpenFileLimit.problem(plan.connections(), limit.getAsLong()) != null) {
            err.println("bench: " + OpenFileLimit.problem(plan.connections(), limit.getAsLong()));
            return ExitCodes.USAGE;
        }
        boolean live = switch (options.progress) {
            case "always" -> true;
            case "never" -> false;
            default -> Terminal.isTerminal();
        };
        LoadRun run = new LoadRun(workload, plan);
        CountDownLatch reported = new CountDownLatch(1);
        Thread interrupted = Thread.ofPlatform().unstarted(() -> {
            run.stop();
            try {
                reported.await(plan.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (PrintStream logFile = options.hdrLog == null ? null : new PrintStream(Files.newOutputStream(options.hdrLog))) {
            HistogramLogWriter log = logFile == null ? null : new HistogramLogWriter(logFile);
            BenchResult result = run.run(log, live ? out : null);
            ResultTable.print(result, plan, out);
            if (options.json != null) {
                ResultFiles.writeJson(result, options.json);
            }
            if (options.csv != null) {
                ResultFiles.writeCsv(List.of(result), options.csv);
            }
            return result.ok() > 0 ? 0 : ExitCodes.FAILED;
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is what let this run end and print
            }
        }
    }
}
