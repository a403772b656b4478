package org.camelot.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** Binds configuration nodes to settings types, reporting errors with their full key path. */
public interface SettingsBinder {

    /**
     * Binds {@code node} to {@code type}.
     *
     * @param path the key path of {@code node} in the configuration file, e.g. {@code listeners.http.routes.birds}
     * @throws InvalidSettingException naming the path, the value and what was expected
     */
    <T> T bind(JsonNode node, Class<T> type, String path) throws InvalidSettingException;
}
