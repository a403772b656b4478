package org.camelot.protocol.udp;

import java.util.Locale;

/** What a {@code udp} listener does with each datagram. */
public enum UdpMode {
    /** Logs the datagram's text and its sender; sends nothing back. */
    LOG,
    /** Sends the bytes back to the sender unchanged. */
    ECHO,
    /** Sends the text back to the sender in upper case (see the {@code udp} documentation for the exact rule). */
    UPPER;

    /** The name as written in the configuration. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
