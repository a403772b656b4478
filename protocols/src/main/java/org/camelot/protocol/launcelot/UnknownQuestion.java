package org.camelot.protocol.launcelot;

import java.util.Locale;

/** What the server does with a question that is not in its table. */
public enum UnknownQuestion {
    /** Sends the configured {@code unknown-answer} and keeps the connection. */
    REPLY,
    /** Closes the connection without a word, as the book's servers effectively do. */
    CLOSE;

    /** The name as written in the configuration file. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
