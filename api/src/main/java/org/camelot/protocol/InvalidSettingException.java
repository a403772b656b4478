package org.camelot.protocol;

import java.util.Objects;

/**
 * A configuration value that is not acceptable. Settings constructors throw it with the key relative to their own
 * block; the configuration loader prefixes the path of the block and names the file.
 */
public class InvalidSettingException extends RuntimeException {

    private final String key;
    private final transient Object value;
    private final String expected;

    /**
     * @param key      the key path, relative to the block being bound (e.g. {@code max-line-length})
     * @param value    the offending value, as read (may be {@code null} for a missing key)
     * @param expected what would have been acceptable, for people (e.g. {@code an integer from 1 to 65536})
     */
    public InvalidSettingException(String key, Object value, String expected) {
        super(key + ": " + describe(value) + " (expected: " + expected + ")");
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    public String key() {
        return key;
    }

    public Object value() {
        return value;
    }

    public String expected() {
        return expected;
    }

    /** The same problem, with {@code prefix} put before the key path. */
    public InvalidSettingException under(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        return new InvalidSettingException(key.isEmpty() ? prefix : prefix + "." + key, value, expected);
    }

    /** Renders a value the way error messages show it: strings quoted, a missing value as {@code (missing)}. */
    public static String describe(Object value) {
        if (value == null) {
            return "(missing)";
        }
        if (value instanceof CharSequence s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }
}
