package org.camelot.client.bench.sweep;

import java.util.List;
import java.util.Locale;

/**
 * One server of a sweep, as written on the command line: a concurrency model, optionally with a number
 * ({@code thread-pool:16} threads, {@code event-loop:1} loop thread, {@code processes:2} processes).
 *
 * @param label  what the report calls it (as written)
 * @param model  the model's name in the server's configuration
 * @param number the threads or processes, or 0 for the model's default
 */
record ModelSpec(String label, String model, int number) {

    static final List<String> MODELS = List.of("event-loop", "sequential", "thread-per-connection", "thread-pool",
            "virtual-threads", "processes");

    static ModelSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String model = colon < 0 ? t : t.substring(0, colon);
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("model " + text + ": expected one of " + String.join(", ", MODELS)
                    + ", optionally with :N");
        }
        int number = 0;
        if (colon >= 0) {
            try {
                number = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 1 || model.equals("sequential") || model.equals("thread-per-connection")
                    || model.equals("virtual-threads")) {
                throw new IllegalArgumentException("model " + text + ": only event-loop, thread-pool (threads) and "
                        + "processes (processes) take a positive number");
            }
        }
        return new ModelSpec(t, model, number);
    }

    /** A configuration with one listener, {@code bench}, on 127.0.0.1 port 0, under this model. */
    String configuration(String protocol, int cpuMicros, int sleepMillis) {
        return """
                # Written by bench sweep: one listener under the model being measured.
                shutdown-timeout: 5s
                listeners:
                  bench:
                    protocol: %s
                    host: 127.0.0.1
                    port: 0
                    concurrency: %s
                    work: {cpu-micros: %d, sleep-millis: %d}
                """.formatted(protocol, yaml(), cpuMicros, sleepMillis);
    }

    /** The listener's {@code concurrency:} value in the server's configuration. */
    String yaml() {
        if (number == 0) {
            return model;
        }
        return switch (model) {
            case "processes" -> "{model: processes, processes: " + number + "}";
            default -> "{model: " + model + ", threads: " + number + "}";
        };
    }
}
