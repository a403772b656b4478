package org.camelot.protocol;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration files and on command lines: {@code 250ms}, {@code 30s}, {@code 2m}. */
public final class Durations {

    /** What a duration looks like, for error messages. */
    public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 1h or 1d";

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 5m}, {@code 1h}, {@code 1d}, or an ISO-8601
     * duration ({@code PT30S}).
     *
     * @throws IllegalArgumentException if the text is neither
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86400e9;
            };
            return Duration.ofNanos(Math.round(amount * nanosPerUnit));
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not " + EXPECTED + ": " + text);
        }
    }

    /** Formats a duration the way {@link #parse} reads it, in the largest exact unit. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] units = {"d", "h", "m", "s", "ms", "us"};
        for (int i = 0; i < sizes.length; i++) {
            if (nanos % sizes[i] == 0) {
                return nanos / sizes[i] + units[i];
            }
        }
        return nanos + "ns";
    }
}
