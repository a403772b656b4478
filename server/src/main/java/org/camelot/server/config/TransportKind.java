package org.camelot.server.config;

/** Which Netty transport the event loops use. */
public enum TransportKind {
    /** epoll where available, else NIO (the reason is logged). */
    AUTO,
    /** Java NIO selectors: every platform. */
    NIO,
    /** Linux epoll, native. */
    EPOLL,
    /** Linux io_uring, native (kernel 5.14 or newer). */
    IO_URING;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
