package org.camelot.examples.kv;

import org.camelot.protocol.Settings;

/**
 * The {@code kv} listener's own keys. Components are boxed types: an absent key reaches the constructor as
 * {@code null} and takes its default here.
 *
 * @param maxEntries    keys kept at most; a SET of a new key past it is refused (default 10000)
 * @param maxLineLength the longest command line, its newline included (default 1024 bytes)
 */
public record KvSettings(Integer maxEntries, Integer maxLineLength) {

    public KvSettings {
        maxEntries = Settings.range("max-entries", Settings.orDefault(maxEntries, 10_000), 1, 10_000_000);
        maxLineLength = Settings.range("max-line-length", Settings.orDefault(maxLineLength, 1024), 16, 1 << 20);
    }
}
