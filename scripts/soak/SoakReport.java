import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's verdict and report, run by scripts/soak.sh as {@code java SoakReport.java DIR LIMIT DURATION}: reads
 * DIR/samples.csv (seconds, heap after GC, VmRSS, file descriptors, threads, open connections), DIR/reloads.txt and the load
 * generators' DIR/*.json, compares for each measure the median of the first fifth of the samples with the median of
 * the last fifth, prints the comparison, writes DIR/report.html (self-contained: inline SVG, no script) and exits 1
 * when any measure grew by more than LIMIT percent.
 */
public final class SoakReport {

    record Measure(String name, String unit, int column, double scale) {
    }

    record Verdict(Measure measure, double first, double last, double growth, boolean failed) {
    }

    static final List<Measure> MEASURES = List.of(
            new Measure("heap after GC", "MiB", 1, 1 / 1024.0),
            new Measure("resident memory (VmRSS)", "MiB", 2, 1 / 1024.0),
            new Measure("file descriptors", "", 3, 1),
            new Measure("threads", "", 4, 1));

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        double limit = Double.parseDouble(args[1]);
        String duration = args.length > 2 ? args[2] : "";
        List<double[]> samples = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("samples.csv")).subList(1, Files.readAllLines(
                dir.resolve("samples.csv")).size())) {
            String[] f = Arrays.copyOf(line.split(",", -1), 6);
            if (Arrays.stream(f, 0, 5).anyMatch(v -> v == null || v.isEmpty())) {
                continue; // the process was gone when sampled
            }
            samples.add(Arrays.stream(f).mapToDouble(v -> v == null || v.isEmpty() ? Double.NaN
                    : Double.parseDouble(v)).toArray());
        }
        List<Double> reloads = Files.exists(dir.resolve("reloads.txt"))
                ? Files.readAllLines(dir.resolve("reloads.txt")).stream().filter(s -> !s.isBlank())
                        .map(Double::valueOf).toList() : List.of();
        if (samples.size() < 5) {
            System.out.println("soak: only " + samples.size() + " complete samples; at least 5 are needed");
            System.exit(1);
        }
        int fifth = samples.size() / 5;
        List<Verdict> verdicts = new ArrayList<>();
        for (Measure m : MEASURES) {
            double first = median(samples.subList(0, fifth), m);
            double last = median(samples.subList(samples.size() - fifth, samples.size()), m);
            double growth = first == 0 ? 0 : (last - first) / first * 100;
            verdicts.add(new Verdict(m, first, last, growth, growth > limit));
        }
        List<String[]> loads = loads(dir);
        boolean failed = verdicts.stream().anyMatch(Verdict::failed);

        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "soak: %d samples; medians of the first and last fifth (%d samples each)%n",
                samples.size(), fifth));
        text.append(String.format(Locale.ROOT, "%-26s %12s %12s %9s  %s%n", "measure", "first fifth", "last fifth",
                "growth", "verdict"));
        for (Verdict v : verdicts) {
            text.append(String.format(Locale.ROOT, "%-26s %12s %12s %8.1f%%  %s%n", v.measure.name,
                    value(v.first, v.measure), value(v.last, v.measure), v.growth,
                    v.failed ? "FAIL (over " + limit + " %)" : "ok"));
        }
        text.append(String.format(Locale.ROOT, "%n%-14s %10s %10s %s%n", "load", "ok", "errors", "target"));
        for (String[] l : loads) {
            text.append(String.format(Locale.ROOT, "%-14s %10s %10s %s%n", l[0], l[1], l[2], l[3]));
        }
        System.out.print(text);
        Files.writeString(dir.resolve("report.html"), html(samples, reloads, verdicts, loads, limit, duration, failed));
        System.exit(failed ? 1 : 0);
    }

    static double median(List<double[]> rows, Measure m) {
        double[] v = rows.stream().mapToDouble(r -> r[m.column] * m.scale).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String value(double v, Measure m) {
        return m.unit.isEmpty() ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f %s", v, m.unit);
    }

    /** Each load generator's name, successful operations, errors and target, from its JSON result. */
    static List<String[]> loads(Path dir) throws IOException {
        List<String[]> loads = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String json = Files.readString(f);
                String name = f.getFileName().toString().replace(".json", "");
                long errors = 0;
                Matcher block = Pattern.compile("\"errors\"\\s*:\\s*\\{([^}]*)}").matcher(json);
                if (block.find()) {
                    Matcher n = Pattern.compile(":\\s*(\\d+)").matcher(block.group(1));
                    while (n.find()) {
                        errors += Long.parseLong(n.group(1));
                    }
                }
                loads.add(new String[] {name, field(json, "ok"), Long.toString(errors), field(json, "target")});
            }
        }
        return loads;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",\\n]*)").matcher(json);
        return m.find() ? m.group(1).trim() : "?";
    }

    static String html(List<double[]> samples, List<Double> reloads, List<Verdict> verdicts, List<String[]> loads,
                       double limit, String duration, boolean failed) {
        StringBuilder b = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Camelot soak</title>
                <style>
                body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
                table { border-collapse: collapse; margin: 1em 0; }
                td, th { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
                th:first-child, td:first-child { text-align: left; }
                .fail { color: #b00; font-weight: bold; } .ok { color: #070; }
                svg { display: block; margin: 0.5em 0 1.5em; }
                </style></head><body>
                """);
        int fifth = samples.size() / 5;
        b.append("<h1>Camelot soak: ").append(failed ? "<span class=fail>FAILED</span>" : "<span class=ok>passed</span>")
                .append("</h1>\n<p>").append(esc(duration)).append(" of fixed-rate mixed load, ").append(samples.size())
                .append(" samples every 10 s (heap after a full GC, VmRSS, open file descriptors, threads), ")
                .append(reloads.size()).append(" reloads (dashed lines). A measure fails when the median of the last ")
                .append("fifth of the samples (").append(fifth).append(") exceeds the median of the first fifth by more ")
                .append("than ").append(fmt(limit)).append(" %.</p>\n<table><tr><th>measure</th><th>first fifth</th>")
                .append("<th>last fifth</th><th>growth</th><th>verdict</th></tr>\n");
        for (Verdict v : verdicts) {
            b.append("<tr><td>").append(v.measure.name).append("</td><td>").append(value(v.first, v.measure))
                    .append("</td><td>").append(value(v.last, v.measure)).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f %%", v.growth)).append("</td><td class=")
                    .append(v.failed ? "fail>FAIL" : "ok>ok").append("</td></tr>\n");
        }
        b.append("</table>\n");
        for (Verdict v : verdicts) {
            b.append("<h2>").append(v.measure.name).append(v.measure.unit.isEmpty() ? "" : " (" + v.measure.unit + ")")
                    .append("</h2>\n").append(chart(samples, reloads, v, fifth));
        }
        Measure connections = new Measure("open client connections (not judged)", "", 5, 1);
        if (samples.stream().noneMatch(r -> Double.isNaN(r[5]))) {
            b.append("<h2>").append(connections.name).append("</h2>\n").append(chart(samples, reloads,
                    new Verdict(connections, median(samples.subList(0, fifth), connections),
                            median(samples.subList(samples.size() - fifth, samples.size()), connections), 0, false),
                    fifth));
        }
        b.append("<h2>Load</h2>\n<table><tr><th>generator</th><th>ok</th><th>errors</th><th>target</th></tr>\n");
        for (String[] l : loads) {
            b.append("<tr><td>").append(esc(l[0])).append("</td><td>").append(esc(l[1])).append("</td><td>")
                    .append(esc(l[2])).append("</td><td>").append(esc(l[3])).append("</td></tr>\n");
        }
        return b.append("</table>\n</body></html>\n").toString();
    }

    static String chart(List<double[]> samples, List<Double> reloads, Verdict v, int fifth) {
        int w = 760, h = 220, left = 60, right = 20, top = 12, bottom = 28;
        double t0 = samples.get(0)[0], t1 = Math.max(samples.get(samples.size() - 1)[0], t0 + 1);
        double max = samples.stream().mapToDouble(r -> r[v.measure.column] * v.measure.scale).max().orElse(1) * 1.1;
        max = max <= 0 ? 1 : max;
        final double top0 = max;
        java.util.function.DoubleUnaryOperator x = t -> left + (t - t0) / (t1 - t0) * (w - left - right);
        java.util.function.DoubleUnaryOperator y = val -> top + (1 - val / top0) * (h - top - bottom);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">%n", w, h, w, h));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" "
                + "stroke=\"#ccc\"/>%n", left, top, w - left - right, h - top - bottom));
        for (int i = 0; i <= 4; i++) {
            double val = top0 * i / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s"
                    + "</text>%n", left - 6, y.applyAsDouble(val) + 4, fmt(val)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.0f s</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f s</text>%n",
                left, h - 8, t0, w - right, h - 8, t1));
        for (double r : reloads) {
            double rx = x.applyAsDouble(r);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" "
                    + "stroke-dasharray=\"4 3\"/>%n", rx, top, rx, h - bottom));
        }
        StringBuilder points = new StringBuilder();
        for (double[] r : samples) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(r[0]),
                    y.applyAsDouble(r[v.measure.column] * v.measure.scale)));
        }
        s.append("<polyline fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"1.5\" points=\"").append(points.toString().trim())
                .append("\"/>\n");
        median(s, x, y, samples.get(0)[0], samples.get(fifth - 1)[0], v.first, "#070");
        median(s, x, y, samples.get(samples.size() - fifth)[0], samples.get(samples.size() - 1)[0], v.last,
                v.failed ? "#b00" : "#070");
        return s.append("</svg>\n").toString();
    }

    static void median(StringBuilder s, java.util.function.DoubleUnaryOperator x,
                       java.util.function.DoubleUnaryOperator y, double from, double to, double val, String color) {
        double x1 = x.applyAsDouble(from), x2 = Math.max(x.applyAsDouble(to), x1 + 4);
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"3\" opacity=\"0.7\"/>%n", x1, y.applyAsDouble(val), x2, y.applyAsDouble(val), color));
    }

    static String fmt(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
