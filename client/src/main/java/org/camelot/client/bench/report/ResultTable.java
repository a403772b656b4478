package org.camelot.client.bench.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.camelot.client.bench.run.BenchResult;
import org.camelot.client.bench.run.ErrorKinds;
import org.camelot.client.bench.run.LoadPlan;

/** The final table of a load run: throughput, latency percentiles, errors by kind, connections. */
public final class ResultTable {

    private ResultTable() {
    }

    /** Prints the table of {@code r}, run under {@code plan}. */
    public static void print(BenchResult r, LoadPlan plan, PrintWriter out) {
        String streams = r.streams() > 1 ? String.format(Locale.ROOT, " x %,d streams", r.streams()) : "";
        String mode = r.mode().equals("open")
                ? String.format(Locale.ROOT, "open loop at %,.0f/s (at most %,d in flight%s)", r.rate(),
                        (long) r.connections() * r.streams(), streams.isEmpty() ? ""
                                : String.format(Locale.ROOT, " on %,d connections%s", r.connections(), streams))
                : String.format(Locale.ROOT, "closed loop, %,d connections%s", r.connections(), streams);
        out.printf(Locale.ROOT, "%s %s: %s, %.1fs measured%s%n", r.workload(), r.target(), mode, r.seconds(),
                plan.warmup().isZero() ? "" : " after " + plan.warmup().toMillis() / 1000.0 + "s of warm-up");
        out.printf(Locale.ROOT, "  one operation: %s%n%n", r.operation());
        out.printf(Locale.ROOT, "  %-14s %14s %14s%n", "", "count", "per second");
        out.printf(Locale.ROOT, "  %-14s %,14d %,14.1f%n", "ok", r.ok(), r.throughput());
        out.printf(Locale.ROOT, "  %-14s %,14d%n", "errors", r.errorCount());
        if (r.exchange() != null) {
            out.printf(Locale.ROOT, "  %-14s %,14d %,14.1f%n", r.exchange() + "s", r.exchanges(), r.exchangeRate());
        }
        out.println();
        out.printf(Locale.ROOT, "  %-14s %9s %9s %9s %9s %9s %9s%n", "latency (ms)", "p50", "p90", "p99", "p99.9",
                "max", "mean");
        row(out, "operation", r.latency());
        if (r.exchangeLatency() != null) {
            row(out, r.exchange(), r.exchangeLatency());
        }
        out.println();
        out.printf("  errors by kind: %s%n", describe(r.errors()));
        out.printf(Locale.ROOT, "  connections: %,d open at most at once, %,d opened%n", r.peakConnections(),
                r.connectionsOpened());
        if (r.warmupOk() + r.warmupErrors() > 0) {
            out.printf(Locale.ROOT, "  warm-up (not counted above): %,d ok, %,d errors%n", r.warmupOk(),
                    r.warmupErrors());
        }
        for (String kind : r.errors().keySet()) {
            String advice = ErrorKinds.advice(kind);
            if (advice != null) {
                out.println("  note: " + advice);
            }
        }
    }

    private static void row(PrintWriter out, String name, BenchResult.Latency l) {
        out.printf(Locale.ROOT, "  %-14s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f%n", name, l.p50(), l.p90(), l.p99(),
                l.p999(), l.max(), l.mean());
    }

    /** Errors by kind in one line: {@code timeout 3, closed 1}, or {@code none}. */
    public static String describe(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        return errors.entrySet().stream().map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
