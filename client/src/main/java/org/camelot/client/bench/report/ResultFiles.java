package org.camelot.client.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.camelot.client.bench.run.BenchResult;

/** A load run's result as JSON (every field) and as CSV (one header line, one line per run). */
public final class ResultFiles {

    /** The CSV file's first line. */
    public static final String CSV_HEADER = "workload,target,mode,connections,rate,seconds,ok,errors,throughput,"
            + "p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_ms,exchanges,exchange_rate,peak_connections,errors_by_kind,"
            + "protocol,streams";

    private ResultFiles() {
    }

    /** Writes every field of {@code r} as JSON. */
    public static void writeJson(BenchResult r, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(file, json.writeValueAsString(r) + "\n");
    }

    /** Writes one CSV line per result, after the header. */
    public static void writeCsv(List<BenchResult> results, Path file) throws IOException {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (BenchResult r : results) {
            out.append(csvLine(r)).append('\n');
        }
        Files.writeString(file, out);
    }

    static String csvLine(BenchResult r) {
        BenchResult.Latency l = r.latency();
        return String.join(",", quote(r.workload()), quote(r.target()), r.mode(), String.valueOf(r.connections()),
                num(r.rate()), num(r.seconds()), String.valueOf(r.ok()), String.valueOf(r.errorCount()),
                num(r.throughput()), num(l.p50()), num(l.p90()), num(l.p99()), num(l.p999()), num(l.max()),
                num(l.mean()), String.valueOf(r.exchanges()), num(r.exchangeRate()),
                String.valueOf(r.peakConnections()), quote(r.errors().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"))),
                r.protocol() == null ? "" : quote(r.protocol()), String.valueOf(r.streams()));
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains(" ") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
