package org.camelot.client.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A line chart as inline SVG: one line per series, points marked with their values as tooltips, axes with ticks and
 * a legend. Plain SVG with the generic sans-serif font: nothing to load, nothing to run.
 */
final class SvgChart {

    /** A named line: its points, each {@code {x, y}}. */
    record Series(String name, List<double[]> points) {
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    private static final int WIDTH = 780;
    private static final int HEIGHT = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 20;
    private static final int BOTTOM = 55;

    private SvgChart() {
    }

    static String render(String id, String xLabel, String yLabel, List<Series> series) {
        double maxX = 1;
        double maxY = 0;
        TreeSet<Double> xs = new TreeSet<>();
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
                xs.add(p[0]);
            }
        }
        double topY = niceCeiling(maxY);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double scaleX = plotW / maxX;
        double scaleY = plotH / topY;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                Html.escape(id), WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"#fafafa\" "
                + "stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 5; i++) {
            double v = topY * i / 5;
            double y = TOP + plotH - v * scaleY;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + plotW, y,
                    LEFT - 6, y + 4, label(v)));
        }
        for (double x : xs) {
            double px = LEFT + x * scaleX;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#999\"/>"
                    + "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH, px,
                    TOP + plotH + 5, px, TOP + plotH + 18, label(x)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 12, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.0f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 18 %.0f)\">%s</text>%n", TOP + plotH / 2, TOP + plotH / 2,
                Html.escape(yLabel)));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            svg.append("<g class=\"series\" data-model=\"").append(Html.escape(s.name())).append("\">\n");
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + p[0] * scaleX, TOP + plotH - p[1] * scaleY));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>%n", color, points.toString().trim()));
            for (double[] p : s.points()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                        + "<title>%s, %s: %s</title></circle>%n", LEFT + p[0] * scaleX, TOP + plotH - p[1] * scaleY,
                        color, Html.escape(s.name()), label(p[0]), label(p[1])));
            }
            double ly = TOP + 12 + i * 20;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"%.0f\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%.0f\">%s</text>%n", WIDTH - RIGHT + 15, ly,
                    WIDTH - RIGHT + 40, ly, color, WIDTH - RIGHT + 46, ly + 4, Html.escape(s.name())));
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at or above {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= v) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : Math.abs(v) >= 1 ? "%.1f" : "%.3f", v);
    }
}
