package org.camelot.protocol.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * Settings of the {@code http} protocol.
 *
 * @param serverHeader           the {@code Server} header's value (default {@code camelot}); empty: no header
 * @param maxRequestLineLength   the longest request line, in bytes (default 8192); longer: 414
 * @param maxHeaderSize          the most bytes of header lines (default 8192); more: 431
 * @param maxHeaderCount         the most header lines (default 100); more: 431
 * @param maxBadRequests         consecutive malformed requests after which the connection is closed (default 3)
 * @param keepAliveTimeout       how long a connection may wait for its next request (default 30s)
 * @param requestTimeout         how long reading one request (its head and any body) may take (default 30s); a
 *                               client still sending after that gets 408 and is disconnected
 * @param maxRequestsPerConnection answers after which a keep-alive connection is closed; 0: no limit (default 0)
 * @param maxPipelined           requests read ahead of their answers on one connection (default 16); reading
 *                               pauses beyond that
 * @param maxRanges              byte ranges served as multipart/byteranges (default 16); a request with more,
 *                               or with overlapping ranges, gets the whole body
 * @param gzipLevel              compression level for answers routes mark compressible, 1 to 9 (default 6)
 * @param gzipMinLength          smallest body compressed, in bytes (default 1024)
 * @param http2                  whether the listener also speaks HTTP/2 (default true): by ALPN over TLS, and over
 *                               cleartext with prior knowledge or {@code Upgrade: h2c}
 * @param http2MaxConcurrentStreams streams a client may have open at once (default 100)
 * @param http2InitialWindowSize the flow-control window the server grants each stream, in bytes (default 65535)
 * @param http2MaxFrameSize      the largest frame payload the server accepts, in bytes (default 16384)
 * @param http2MaxHeaderListSize the largest decoded header list the server accepts, in bytes (default: the
 *                               {@code max-header-size}); a larger one is refused (431) or, far past it, ends the
 *                               connection
 * @param http2HeaderTableSize   the HPACK dynamic table the server keeps for decoding, in bytes (default 4096)
 * @param http2MaxControlFrames  SETTINGS and PING frames a client may send in a burst (default 1000); the allowance
 *                               refills in 10 seconds, and by one for each HEADERS or DATA frame the server sends;
 *                               past it, GOAWAY {@code ENHANCE_YOUR_CALM}
 * @param http3                  {@code false} (default), {@code true} or {@code required}: whether a TLS listener
 *                               also serves HTTP/3 over QUIC on UDP; with {@code true} a host where the native QUIC
 *                               library cannot load serves HTTP/1.1 and HTTP/2 only, with {@code required} start-up
 *                               fails there
 * @param http3Port              the UDP port for HTTP/3 (default: the port the listener's TCP socket is bound to)
 * @param http3Sockets           QUIC sockets bound to the port with {@code SO_REUSEPORT} (default: one per I/O
 *                               thread; one on the NIO transport)
 * @param quicMaxStreams         request streams a client may have open at once (default 100)
 * @param quicInitialMaxData     bytes a client may send on a connection before the server grants more (default
 *                               1 MiB)
 * @param quicInitialMaxStreamData bytes a client may send on a stream before the server grants more (default
 *                               256 KiB)
 * @param quicIdleTimeout        how long a QUIC connection may stay silent before it is closed (default 30s)
 * @param quicMaxUdpPayload      the largest UDP payload the server sends or accepts, 1200 to 65527 (default 1350)
 * @param quicRetry              whether a client must prove its address with a Retry token before the server
 *                               spends anything on it (default true)
 * @param routes                 the route blocks by name, each with {@code type} (default: its name), {@code path}
 *                               (default: the route type's) and the route type's own keys
 */
public record HttpSettings(String serverHeader, Integer maxRequestLineLength, Integer maxHeaderSize,
                           Integer maxHeaderCount, Integer maxBadRequests, Duration keepAliveTimeout,
                           Duration requestTimeout, Integer maxRequestsPerConnection, Integer maxPipelined,
                           Integer maxRanges, Integer gzipLevel, Integer gzipMinLength, Boolean http2,
                           Integer http2MaxConcurrentStreams, Integer http2InitialWindowSize,
                           Integer http2MaxFrameSize, Integer http2MaxHeaderListSize, Integer http2HeaderTableSize,
                           Integer http2MaxControlFrames,
                           String http3, Integer http3Port, Integer http3Sockets, Integer quicMaxStreams,
                           Integer quicInitialMaxData, Integer quicInitialMaxStreamData, Duration quicIdleTimeout,
                           Integer quicMaxUdpPayload, Boolean quicRetry, Map<String, JsonNode> routes) {

    /** The values of {@code http3}. */
    public enum Http3 {
        /** No HTTP/3. */
        OFF,
        /** HTTP/3 where the native QUIC library loads. */
        ON,
        /** HTTP/3, or no start-up. */
        REQUIRED
    }

    public HttpSettings {
        serverHeader = Settings.orDefault(serverHeader, "camelot");
        if (!serverHeader.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidSettingException("server-header", serverHeader, "printable ASCII text, or \"\" for none");
        }
        maxRequestLineLength = Settings.range("max-request-line-length",
                Settings.orDefault(maxRequestLineLength, 8192), 64, 1 << 20);
        maxHeaderSize = Settings.range("max-header-size", Settings.orDefault(maxHeaderSize, 8192), 256, 1 << 20);
        maxHeaderCount = Settings.range("max-header-count", Settings.orDefault(maxHeaderCount, 100), 1, 10_000);
        maxBadRequests = Settings.range("max-bad-requests", Settings.orDefault(maxBadRequests, 3), 1, 1000);
        keepAliveTimeout = Settings.positive("keep-alive-timeout",
                Settings.orDefault(keepAliveTimeout, Duration.ofSeconds(30)));
        requestTimeout = Settings.positive("request-timeout",
                Settings.orDefault(requestTimeout, Duration.ofSeconds(30)));
        maxRequestsPerConnection = Settings.range("max-requests-per-connection",
                Settings.orDefault(maxRequestsPerConnection, 0), 0, Integer.MAX_VALUE);
        maxPipelined = Settings.range("max-pipelined", Settings.orDefault(maxPipelined, 16), 1, 1024);
        maxRanges = Settings.range("max-ranges", Settings.orDefault(maxRanges, 16), 1, 1024);
        gzipLevel = Settings.range("gzip-level", Settings.orDefault(gzipLevel, 6), 1, 9);
        gzipMinLength = Settings.range("gzip-min-length", Settings.orDefault(gzipMinLength, 1024), 0,
                Integer.MAX_VALUE);
        http2 = Settings.orDefault(http2, true);
        http2MaxConcurrentStreams = Settings.range("http2-max-concurrent-streams",
                Settings.orDefault(http2MaxConcurrentStreams, 100), 1, 10_000);
        http2InitialWindowSize = Settings.range("http2-initial-window-size",
                Settings.orDefault(http2InitialWindowSize, 65_535), 1024, Integer.MAX_VALUE);
        // RFC 9113 6.5.2: from 2^14 to 2^24 - 1
        http2MaxFrameSize = Settings.range("http2-max-frame-size", Settings.orDefault(http2MaxFrameSize, 16_384),
                16_384, 16_777_215);
        http2MaxHeaderListSize = Settings.range("http2-max-header-list-size",
                Settings.orDefault(http2MaxHeaderListSize, maxHeaderSize), 256, 1 << 20);
        http2HeaderTableSize = Settings.range("http2-header-table-size",
                Settings.orDefault(http2HeaderTableSize, 4096), 0, 1 << 16);
        http2MaxControlFrames = Settings.range("http2-max-control-frames",
                Settings.orDefault(http2MaxControlFrames, 1000), 10, 1_000_000);
        http3 = Settings.orDefault(http3, "false");
        if (!http3.equals("false") && !http3.equals("true") && !http3.equals("required")) {
            throw new InvalidSettingException("http3", http3, "false, true or required");
        }
        http3Port = Settings.range("http3-port", Settings.orDefault(http3Port, 0), 0, 65_535);
        http3Sockets = Settings.range("http3-sockets", Settings.orDefault(http3Sockets, 0), 0, 256);
        quicMaxStreams = Settings.range("quic-max-streams", Settings.orDefault(quicMaxStreams, 100), 1, 10_000);
        quicInitialMaxData = Settings.range("quic-initial-max-data",
                Settings.orDefault(quicInitialMaxData, 1 << 20), 16_384, 1 << 30);
        quicInitialMaxStreamData = Settings.range("quic-initial-max-stream-data",
                Settings.orDefault(quicInitialMaxStreamData, 256 << 10), 4096, 1 << 30);
        quicIdleTimeout = Settings.positive("quic-idle-timeout",
                Settings.orDefault(quicIdleTimeout, Duration.ofSeconds(30)));
        // RFC 9000 18.2: max_udp_payload_size is at least 1200 and at most 65527
        quicMaxUdpPayload = Settings.range("quic-max-udp-payload", Settings.orDefault(quicMaxUdpPayload, 1350), 1200,
                65_527);
        quicRetry = Settings.orDefault(quicRetry, true);
        if (routes == null || routes.isEmpty()) {
            throw new InvalidSettingException("routes", routes == null ? null : "{}",
                    "at least one route, e.g. routes: {files: {root: www}}");
        }
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** {@code http3} as a mode. */
    public Http3 http3Mode() {
        return switch (http3) {
            case "true" -> Http3.ON;
            case "required" -> Http3.REQUIRED;
            default -> Http3.OFF;
        };
    }
}
