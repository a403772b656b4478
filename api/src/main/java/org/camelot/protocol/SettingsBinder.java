package org.camelot.protocol;

import java.util.Map;

/** Binds blocks of configuration keys to settings types, reporting errors with their full key path. */
public interface SettingsBinder {

    /**
     * Binds a block of keys to {@code type} as listener settings are bound: kebab-case keys, unknown keys refused,
     * relative paths resolved against the configuration directory, defaults filled in by the type's constructor.
     *
     * @param keys the block as read from the configuration file: keys to values that are strings, numbers, booleans,
     *             lists or nested maps ({@code null} for an empty block)
     * @param path the key path of the block in the configuration file, e.g. {@code listeners.http.routes.birds}
     * @throws InvalidSettingException naming the path, the value and what was expected
     */
    <T> T bind(Map<String, ?> keys, Class<T> type, String path) throws InvalidSettingException;
}
