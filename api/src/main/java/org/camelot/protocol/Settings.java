package org.camelot.protocol;

import java.time.Duration;

/** Checks and defaults for settings constructors; each check throws {@link InvalidSettingException}. */
public final class Settings {

    private Settings() {
    }

    /** {@code value} if present, else {@code fallback}. */
    public static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** Checks that {@code value} lies in {@code [min, max]}. */
    public static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(key, value, "an integer from " + min + " to " + max);
        }
        return value;
    }

    /** Checks that {@code value} lies in {@code [min, max]}. */
    public static long range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(key, value, "an integer from " + min + " to " + max);
        }
        return value;
    }

    /** Checks that a duration is positive. */
    public static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidSettingException(key, Durations.format(value), "a positive duration such as 30s");
        }
        return value;
    }

    /** Checks that a duration is zero or positive. */
    public static Duration notNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new InvalidSettingException(key, Durations.format(value), "a duration of 0 or more, such as 30s");
        }
        return value;
    }
}
