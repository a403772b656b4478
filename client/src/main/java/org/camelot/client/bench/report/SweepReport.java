package org.camelot.client.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camelot.client.bench.run.BenchResult;

/**
 * A sweep's report: a self-contained HTML page (inline SVG charts of throughput and p99 latency against
 * concurrency, one line per model, and the table of every figure) and the same figures as CSV.
 */
public final class SweepReport {

    /** The CSV file's first line. */
    public static final String CSV_HEADER = "model,concurrency,throughput,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,ok,errors,"
            + "errors_by_kind,server_cpu_pct,generator_cpu_pct,other_cpu_pct";

    /**
     * What the sweep was, for the page's header.
     *
     * @param title    the page title
     * @param facts    label and value pairs (workload, duration, machine...), in order
     * @param failures models that could not be measured, with the reason
     */
    public record About(String title, Map<String, String> facts, Map<String, String> failures) {
    }

    private SweepReport() {
    }

    /** Writes every point's figures as CSV, after the header. */
    public static void writeCsv(List<SweepPoint> points, Path file) throws IOException {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (SweepPoint p : points) {
            BenchResult r = p.result();
            BenchResult.Latency l = r.latency();
            out.append(String.join(",", ResultFiles.quote(p.model()), String.valueOf(p.concurrency()),
                    ResultFiles.num(r.throughput()), ResultFiles.num(l.p50()), ResultFiles.num(l.p90()),
                    ResultFiles.num(l.p99()), ResultFiles.num(l.p999()), ResultFiles.num(l.max()),
                    String.valueOf(r.ok()), String.valueOf(r.errorCount()),
                    ResultFiles.quote(ResultTable.describe(r.errors())), pct(p.cpu().server()),
                    pct(p.cpu().generator()), pct(p.cpu().other()))).append('\n');
        }
        Files.writeString(file, out);
    }

    /** {@code server/generator/other} in % of one core, {@code -} where unknown. */
    public static String cpu(CpuUse u) {
        return pct(u.server()) + "/" + pct(u.generator()) + "/" + pct(u.other()) + "%";
    }

    private static String pct(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    /** Writes the self-contained HTML page. */
    public static void writeHtml(About about, List<SweepPoint> points, Path file) throws IOException {
        Map<String, List<SweepPoint>> byModel = new LinkedHashMap<>();
        points.forEach(p -> byModel.computeIfAbsent(p.model(), k -> new ArrayList<>()).add(p));
        List<SvgChart.Series> throughput = new ArrayList<>();
        List<SvgChart.Series> p99 = new ArrayList<>();
        byModel.forEach((model, ps) -> {
            throughput.add(new SvgChart.Series(model, ps.stream()
                    .map(p -> new double[] {p.concurrency(), p.result().throughput()}).toList()));
            p99.add(new SvgChart.Series(model, ps.stream()
                    .map(p -> new double[] {p.concurrency(), p.result().latency().p99()}).toList()));
        });
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(Html.escape(about.title())).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}"
                        + "td.l,th.l{text-align:left}dt{font-weight:bold;float:left;width:12em}dd{margin-left:13em}"
                        + ".failed{color:#b00}</style>\n</head>\n<body>\n<h1>")
                .append(Html.escape(about.title())).append("</h1>\n<dl>\n");
        about.facts().forEach((k, v) -> h.append("<dt>").append(Html.escape(k)).append("</dt><dd>")
                .append(Html.escape(v)).append("</dd>\n"));
        h.append("</dl>\n");
        about.failures().forEach((model, why) -> h.append("<p class=\"failed\">").append(Html.escape(model))
                .append(": not measured: ").append(Html.escape(why)).append("</p>\n"));
        h.append("<h2>Throughput (operations per second)</h2>\n")
                .append(SvgChart.render("throughput", "concurrent clients", "operations per second", throughput))
                .append("<h2>p99 latency (milliseconds)</h2>\n")
                .append(SvgChart.render("p99", "concurrent clients", "p99 latency (ms)", p99))
                .append("<h2>Figures</h2>\n<table>\n<tr><th class=\"l\">model</th><th>clients</th><th>ops/s</th>"
                        + "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th>"
                        + "<th>ok</th><th class=\"l\">errors</th><th>CPU server/gen/other %</th></tr>\n");
        for (SweepPoint p : points) {
            BenchResult r = p.result();
            BenchResult.Latency l = r.latency();
            h.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%d</td><td>%,.0f</td><td>%.3f</td>"
                            + "<td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%,d</td><td class=\"l\">%s</td>"
                            + "<td>%s%s</td></tr>%n",
                    Html.escape(p.model()), p.concurrency(), r.throughput(), l.p50(), l.p90(), l.p99(), l.p999(),
                    l.max(), r.ok(), Html.escape(ResultTable.describe(r.errors())), cpu(p.cpu()),
                    p.disturbed() ? " *" : ""));
        }
        h.append("</table>\n</body>\n</html>\n");
        Files.writeString(file, h);
    }
}
