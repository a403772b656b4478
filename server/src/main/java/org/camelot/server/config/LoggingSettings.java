package org.camelot.server.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * The {@code logging:} block, applied over {@code logback.xml} at start-up and again on every reload.
 *
 * @param level          the root level (default info)
 * @param levels         levels of named loggers, e.g. {@code camelot.tls: debug}
 * @param console        whether logs go to the console (default true)
 * @param file           a rolling log file, or none
 * @param accessLog      a rolling file for the access log alone (logger {@code camelot.access}), or none
 * @param maxFileSize    a log file rolls over at this size (default 10MB), and also daily
 * @param maxHistory     days of rolled files kept (default 14)
 */
public record LoggingSettings(String level, Map<String, String> levels, Boolean console, Path file, Path accessLog,
                              String maxFileSize, Integer maxHistory) {

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    public LoggingSettings {
        level = checkLevel("level", Settings.orDefault(level, "info"));
        Map<String, String> checked = new LinkedHashMap<>();
        if (levels != null) {
            levels.forEach((k, v) -> checked.put(k, checkLevel("levels." + k, v)));
        }
        levels = Map.copyOf(checked);
        console = Settings.orDefault(console, true);
        maxFileSize = Settings.orDefault(maxFileSize, "10MB");
        if (!maxFileSize.matches("(?i)\\d+\\s*(b|kb|mb|gb)?")) {
            throw new InvalidSettingException("max-file-size", maxFileSize, "a size such as 500KB, 10MB or 1GB");
        }
        maxHistory = Settings.range("max-history", Settings.orDefault(maxHistory, 14), 1, 3650);
    }

    private static String checkLevel(String key, String value) {
        String v = value == null ? "" : value.toLowerCase(java.util.Locale.ROOT);
        if (!LEVELS.contains(v)) {
            throw new InvalidSettingException(key, value, "one of trace, debug, info, warn, error, off");
        }
        return v;
    }

    /** No logging block: console at info, as logback.xml says. */
    public static LoggingSettings defaults() {
        return new LoggingSettings(null, null, null, null, null, null, null);
    }
}
