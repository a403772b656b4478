package org.camelot.protocol.udp;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@code udp} listener has done since it started, across all its sockets. Every datagram that reaches the
 * listener is counted exactly once in {@link #received()}, {@link #oversize()} or {@link #rateLimited()}; every
 * datagram it answers once more in {@link #replies()}, {@link #repliesDropped()} or {@link #replyErrors()}.
 * Datagrams the kernel drops before the server reads them (a full receive buffer) are not seen here: Linux counts
 * them as {@code RcvbufErrors} in {@code /proc/net/snmp} ({@code netstat -su}).
 *
 * <p>Thread-safe; reads are cheap and may be done at any time from any thread.
 */
public final class UdpCounters {

    private final LongAdder received = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final LongAdder logged = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private final LongAdder replyBytes = new LongAdder();
    private final LongAdder oversize = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder repliesDropped = new LongAdder();
    private final LongAdder replyErrors = new LongAdder();

    /** Datagrams accepted for processing (within the size limit and the rate limit). */
    public long received() {
        return received.sum();
    }

    /** Payload bytes of the {@link #received()} datagrams. */
    public long receivedBytes() {
        return receivedBytes.sum();
    }

    /** Datagrams written to the log in {@code log} mode. */
    public long logged() {
        return logged.sum();
    }

    /** Replies sent (handed to the kernel without error). */
    public long replies() {
        return replies.sum();
    }

    /** Payload bytes of the {@link #replies()}. */
    public long replyBytes() {
        return replyBytes.sum();
    }

    /**
     * Datagrams dropped because they were larger than {@code max-datagram-size}; the socket reads one byte more than
     * the maximum, so an oversize datagram is seen and dropped whole rather than answered truncated.
     */
    public long oversize() {
        return oversize.sum();
    }

    /** Datagrams dropped by the per-source rate limit. */
    public long rateLimited() {
        return rateLimited.sum();
    }

    /** Replies not sent because the socket's outbound queue was full (the kernel's send buffer could not keep up). */
    public long repliesDropped() {
        return repliesDropped.sum();
    }

    /** Replies the kernel refused (for example no route to the sender). */
    public long replyErrors() {
        return replyErrors.sum();
    }

    /** Every datagram the listener read but did not process or answer: oversize, rate-limited, replies dropped. */
    public long dropped() {
        return oversize() + rateLimited() + repliesDropped() + replyErrors();
    }

    void countReceived(int bytes) {
        received.increment();
        receivedBytes.add(bytes);
    }

    void countLogged() {
        logged.increment();
    }

    void countReply(int bytes) {
        replies.increment();
        replyBytes.add(bytes);
    }

    void countOversize() {
        oversize.increment();
    }

    void countRateLimited() {
        rateLimited.increment();
    }

    void countReplyDropped() {
        repliesDropped.increment();
    }

    void countReplyError() {
        replyErrors.increment();
    }

    @Override
    public String toString() {
        return "received " + received() + " (" + receivedBytes() + " bytes), logged " + logged() + ", replies "
                + replies() + " (" + replyBytes() + " bytes), oversize " + oversize() + ", rate-limited "
                + rateLimited() + ", replies dropped " + repliesDropped() + ", reply errors " + replyErrors();
    }
}
