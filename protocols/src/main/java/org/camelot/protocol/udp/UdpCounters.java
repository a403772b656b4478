package org.camelot.protocol.udp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@code udp} listener has done since it started, across all its sockets. Every datagram that reaches the
 * listener is counted exactly once in {@link #received()}, {@link #oversize()} or {@link #rateLimited()}; every
 * datagram it answers once more in {@link #replies()}, {@link #repliesDropped()} or {@link #replyErrors()}.
 * Datagrams the kernel drops before the server reads them (a full receive buffer) are not seen here: Linux counts
 * them as {@code RcvbufErrors} in {@code /proc/net/snmp} ({@code netstat -su}).
 *
 * <p>Thread-safe; reads are cheap and may be done at any time from any thread.
 *
 * <p>Given a meter registry, every count is also recorded there, tagged {@code listener=NAME}:
 * {@code camelot.udp.datagrams.received}, {@code camelot.udp.received} (bytes), {@code camelot.udp.datagrams.logged},
 * {@code camelot.udp.replies}, {@code camelot.udp.sent} (bytes) and {@code camelot.udp.datagrams.dropped} (tagged
 * {@code reason} = {@code oversize}, {@code rate-limited}, {@code reply-queue-full} or {@code reply-error}). Those
 * meters belong to the listener's name rather than to this object, so they keep counting across a reload that
 * replaces the listener, as Prometheus counters should; the getters here count what this instance saw.
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
    private final Meters meters;

    /** Counters that are only read through the getters. */
    public UdpCounters() {
        this.meters = null;
    }

    /** Counters also recorded in {@code registry}, tagged with the listener's name. */
    public UdpCounters(MeterRegistry registry, String listener) {
        this.meters = new Meters(registry, listener);
    }

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
        if (meters != null) {
            meters.received.increment();
            meters.receivedBytes.increment(bytes);
        }
    }

    void countLogged() {
        logged.increment();
        if (meters != null) {
            meters.logged.increment();
        }
    }

    void countReply(int bytes) {
        replies.increment();
        replyBytes.add(bytes);
        if (meters != null) {
            meters.replies.increment();
            meters.replyBytes.increment(bytes);
        }
    }

    void countOversize() {
        oversize.increment();
        if (meters != null) {
            meters.oversize.increment();
        }
    }

    void countRateLimited() {
        rateLimited.increment();
        if (meters != null) {
            meters.rateLimited.increment();
        }
    }

    void countReplyDropped() {
        repliesDropped.increment();
        if (meters != null) {
            meters.repliesDropped.increment();
        }
    }

    void countReplyError() {
        replyErrors.increment();
        if (meters != null) {
            meters.replyErrors.increment();
        }
    }

    @Override
    public String toString() {
        return "received " + received() + " (" + receivedBytes() + " bytes), logged " + logged() + ", replies "
                + replies() + " (" + replyBytes() + " bytes), oversize " + oversize() + ", rate-limited "
                + rateLimited() + ", replies dropped " + repliesDropped() + ", reply errors " + replyErrors();
    }

    /** The registry's view of the same counts. */
    private static final class Meters {
        final Counter received;
        final Counter receivedBytes;
        final Counter logged;
        final Counter replies;
        final Counter replyBytes;
        final Counter oversize;
        final Counter rateLimited;
        final Counter repliesDropped;
        final Counter replyErrors;

        Meters(MeterRegistry registry, String listener) {
            received = counter(registry, "camelot.udp.datagrams.received", listener, "Datagrams accepted");
            receivedBytes = Counter.builder("camelot.udp.received").tag("listener", listener).baseUnit("bytes")
                    .description("Payload bytes of the datagrams accepted").register(registry);
            logged = counter(registry, "camelot.udp.datagrams.logged", listener, "Datagrams logged in log mode");
            replies = counter(registry, "camelot.udp.replies", listener, "Replies sent");
            replyBytes = Counter.builder("camelot.udp.sent").tag("listener", listener).baseUnit("bytes")
                    .description("Payload bytes of the replies sent").register(registry);
            oversize = dropped(registry, listener, "oversize");
            rateLimited = dropped(registry, listener, "rate-limited");
            repliesDropped = dropped(registry, listener, "reply-queue-full");
            replyErrors = dropped(registry, listener, "reply-error");
        }

        private static Counter counter(MeterRegistry registry, String name, String listener, String description) {
            return Counter.builder(name).tag("listener", listener).description(description).register(registry);
        }

        private static Counter dropped(MeterRegistry registry, String listener, String reason) {
            return Counter.builder("camelot.udp.datagrams.dropped").tag("listener", listener).tag("reason", reason)
                    .description("Datagrams read but not processed or answered").register(registry);
        }
    }
}
