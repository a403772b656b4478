package org.camelot.protocol.upper;

import org.camelot.protocol.Settings;

/**
 * Settings of the {@code upper} protocol.
 *
 * @param maxLineLength the longest line accepted, in bytes, line ending included (default 1024); a longer line gets
 *                      an error line and is skipped, and the connection stays usable
 */
public record UpperSettings(Integer maxLineLength) {

    public UpperSettings {
        maxLineLength = Settings.range("max-line-length", Settings.orDefault(maxLineLength, 1024), 2, 1 << 20);
    }
}
