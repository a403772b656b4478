package org.camelot.protocol.udp;

import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * Settings of the {@code udp} protocol.
 *
 * @param mode              {@code log}, {@code echo} or {@code upper} (default {@code upper})
 * @param maxDatagramSize   the largest datagram accepted, in bytes (default 65507, the most IPv4 can carry; up to
 *                          65527 for IPv6); a larger one is counted, logged and dropped
 * @param threads           how many sockets receive on the port, bound with {@code SO_REUSEPORT} on the epoll and
 *                          io_uring transports (one on NIO); default the number of CPU cores
 * @param receiveBufferSize {@code SO_RCVBUF} of each socket in bytes, the kernel's queue of datagrams not yet read
 *                          (default 2 MiB; 0 keeps the system default); Linux caps it at {@code net.core.rmem_max}
 * @param rateLimit         the most datagrams per second accepted from one source address; 0 (the default) means no
 *                          limit; datagrams over the limit are counted and dropped
 * @param rateLimitBurst    how many datagrams a source may send at once above its rate (default: the rate, i.e.
 *                          one second's worth)
 * @param rateLimitSources  how many source addresses the rate limit tracks at once (default 65536); when that many
 *                          are active, datagrams from new sources are dropped until some go quiet
 */
public record UdpSettings(UdpMode mode, Integer maxDatagramSize, Integer threads, Integer receiveBufferSize,
                          Integer rateLimit, Integer rateLimitBurst, Integer rateLimitSources) {

    /** The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
    public static final int IPV4_MAX_PAYLOAD = 65_507;
    /** The largest UDP payload over IPv6 without jumbograms: 65535 - 8. */
    public static final int IPV6_MAX_PAYLOAD = 65_527;

    public UdpSettings {
        mode = Settings.orDefault(mode, UdpMode.UPPER);
        maxDatagramSize = Settings.range("max-datagram-size",
                Settings.orDefault(maxDatagramSize, IPV4_MAX_PAYLOAD), 1, IPV6_MAX_PAYLOAD);
        threads = Settings.range("threads",
                Settings.orDefault(threads, Runtime.getRuntime().availableProcessors()), 1, 256);
        receiveBufferSize = Settings.orDefault(receiveBufferSize, 2 << 20);
        if (receiveBufferSize != 0 && (receiveBufferSize < 4096 || receiveBufferSize > 1 << 30)) {
            throw new InvalidSettingException("receive-buffer-size", receiveBufferSize,
                    "0 (the system default) or an integer from 4096 to " + (1 << 30));
        }
        rateLimit = Settings.range("rate-limit", Settings.orDefault(rateLimit, 0), 0, 10_000_000);
        if (rateLimitBurst != null && rateLimit == 0) {
            throw new InvalidSettingException("rate-limit-burst", rateLimitBurst, "no burst unless rate-limit is set");
        }
        rateLimitBurst = Settings.range("rate-limit-burst",
                Settings.orDefault(rateLimitBurst, Math.max(1, rateLimit)), 1, 10_000_000);
        rateLimitSources = Settings.range("rate-limit-sources",
                Settings.orDefault(rateLimitSources, 65_536), 1, 10_000_000);
    }
}
