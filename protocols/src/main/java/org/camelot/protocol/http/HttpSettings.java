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
 * @param routes                 the route blocks by name, each with {@code type} (default: its name), {@code path}
 *                               (default: the route type's) and the route type's own keys
 */
public record HttpSettings(String serverHeader, Integer maxRequestLineLength, Integer maxHeaderSize,
                           Integer maxHeaderCount, Integer maxBadRequests, Duration keepAliveTimeout,
                           Duration requestTimeout, Integer maxRequestsPerConnection, Integer maxPipelined,
                           Integer maxRanges, Integer gzipLevel, Integer gzipMinLength, Boolean http2,
                           Integer http2MaxConcurrentStreams, Integer http2InitialWindowSize,
                           Integer http2MaxFrameSize, Integer http2MaxHeaderListSize, Integer http2HeaderTableSize,
                           Map<String, JsonNode> routes) {

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
        if (routes == null || routes.isEmpty()) {
            throw new InvalidSettingException("routes", routes == null ? null : "{}",
                    "at least one route, e.g. routes: {files: {root: www}}");
        }
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }
}
