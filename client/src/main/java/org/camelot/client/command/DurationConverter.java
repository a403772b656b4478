package org.camelot.client.command;

import java.time.Duration;
import org.camelot.protocol.Durations;
import picocli.CommandLine;

/** Reads command-line durations as the configuration file does: {@code 500ms}, {@code 2s}, {@code 1m}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not " + Durations.EXPECTED);
        }
    }
}
