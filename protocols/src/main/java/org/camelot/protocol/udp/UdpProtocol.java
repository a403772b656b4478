package org.camelot.protocol.udp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.DatagramChannelConfig;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camelot.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code udp} listener: its settings, its {@link UdpCounters}, and the state its sockets share (the rate limit,
 * the throttled warnings). Each bound socket gets its own {@link UdpHandler}.
 */
public final class UdpProtocol implements Protocol {

    private static final Logger log = LoggerFactory.getLogger(UdpProtocol.class);
    /** Bytes of replies a socket may hold unsent (at least 16 of the largest datagrams) before it drops replies. */
    static final int SEND_QUEUE_BYTES = 1 << 20;
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final UdpSettings settings;
    private final UdpCounters counters;
    private final SourceRateLimiter rateLimiter;
    private final Logger datagramLog;
    private final ThrottledWarning oversizeWarning = new ThrottledWarning(log, WARNING_INTERVAL_NANOS);
    private final ThrottledWarning rateLimitWarning = new ThrottledWarning(log, WARNING_INTERVAL_NANOS);
    private final ThrottledWarning replyWarning = new ThrottledWarning(log, WARNING_INTERVAL_NANOS);
    private final ThrottledWarning socketWarning = new ThrottledWarning(log, WARNING_INTERVAL_NANOS);
    private final AtomicBoolean receiveBufferChecked = new AtomicBoolean();

    /**
     * @param name     the listener's name; {@code log} mode writes to the logger {@code camelot.udp.NAME}
     * @param settings the listener's settings
     * @param counters where the listener counts what it does
     */
    public UdpProtocol(String name, UdpSettings settings, UdpCounters counters) {
        this.name = name;
        this.settings = settings;
        this.counters = counters;
        this.rateLimiter = settings.rateLimit() > 0
                ? new SourceRateLimiter(settings.rateLimit(), settings.rateLimitBurst(), settings.rateLimitSources())
                : null;
        this.datagramLog = LoggerFactory.getLogger("camelot.udp." + name);
        if (settings.mode() == UdpMode.UPPER) {
            UpperCaseText.load(); // builds its table here, at start-up, rather than on an event loop
        }
    }

    /** The listener's counters, for metrics. */
    public UdpCounters counters() {
        return counters;
    }

    /** The listener's settings. */
    public UdpSettings settings() {
        return settings;
    }

    /** The listener's name. */
    public String name() {
        return name;
    }

    @Override
    public int datagramChannels() {
        return settings.threads();
    }

    @Override
    public void initChannel(Channel channel) {
        ChannelConfig config = channel.config();
        // Netty's datagram default is a fixed 2 KiB buffer, which truncates larger datagrams without a word. One
        // byte over the maximum lets the handler see that a datagram was too large instead of answering a piece.
        config.setRecvByteBufAllocator(new FixedRecvByteBufAllocator(settings.maxDatagramSize() + 1));
        // Replies wait here only while the kernel's send buffer is full; past the high mark they are dropped.
        config.setWriteBufferWaterMark(new WriteBufferWaterMark(SEND_QUEUE_BYTES / 2, SEND_QUEUE_BYTES));
        if (config instanceof DatagramChannelConfig datagram && settings.receiveBufferSize() > 0) {
            datagram.setReceiveBufferSize(settings.receiveBufferSize());
            checkReceiveBuffer(datagram.getReceiveBufferSize());
        }
        channel.pipeline().addLast("udp", new UdpHandler(this));
    }

    /** Says once per listener when the kernel gave less than asked (Linux caps at net.core.rmem_max). */
    private void checkReceiveBuffer(int effective) {
        if (receiveBufferChecked.compareAndSet(false, true)) {
            if (effective < settings.receiveBufferSize()) {
                log.warn("listener {}: receive-buffer-size {} asked, the system gave {} bytes; raise "
                        + "net.core.rmem_max to allow more", name, settings.receiveBufferSize(), effective);
            } else {
                log.debug("listener {}: SO_RCVBUF {} bytes", name, effective);
            }
        }
    }

    @Override
    public void close() {
        log.info("listener {} ({} mode): {}", name, settings.mode(), counters);
    }

    SourceRateLimiter rateLimiter() {
        return rateLimiter;
    }

    Logger datagramLog() {
        return datagramLog;
    }

    ThrottledWarning oversizeWarning() {
        return oversizeWarning;
    }

    ThrottledWarning rateLimitWarning() {
        return rateLimitWarning;
    }

    ThrottledWarning replyWarning() {
        return replyWarning;
    }

    ThrottledWarning socketWarning() {
        return socketWarning;
    }
}
