package org.camelot.protocol;

/** The kind of socket a protocol runs on. */
public enum SocketType {
    /** A TCP listener: one channel per accepted connection; may use TLS. */
    STREAM,
    /** A UDP listener: datagram channels bound to the port; never TLS. */
    DATAGRAM
}
