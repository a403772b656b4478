package org.camelot.protocol.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.camelot.protocol.ClientAddress;

/**
 * One request and what became of its answer: the route's view of the request, and what the access log needs. A
 * wire makes one per request (an HTTP/1.1 request on a connection, an HTTP/2 stream) and hands it to
 * {@link HttpService}.
 */
public final class Exchange implements Request {

    private static final int MAX_PARAMETERS = 256;

    private final Channel connection;
    private final ByteBufAllocator alloc;
    private final boolean secure;
    private final String protocol;
    private final HttpRequest message;
    private final RequestTarget target;
    private final boolean head;
    private String routePath;
    /** Decoded on first use: a route that answers from the raw query (a remembered plan) never needs them. */
    private volatile Map<String, List<String>> parameters;
    private InetSocketAddress remoteAddress;

    /**
     * @param connection the client's connection (for HTTP/2, the parent of the stream)
     * @param alloc      the allocator for answer bodies
     * @param secure     whether the connection is TLS
     * @param protocol   the protocol as the access log shows it: {@code HTTP/1.1}, {@code HTTP/2.0}
     * @param message    the request; one whose decoding failed is answered with an error, never routed
     */
    public Exchange(Channel connection, ByteBufAllocator alloc, boolean secure, String protocol, HttpRequest message) {
        this(connection, alloc, secure, protocol, message, null);
    }

    /**
     * @param previous the connection's previous request, or {@code null}: when this one has the same target (a
     *                 client asking for the same thing again), its parsed target is taken over instead of parsing
     *                 the same string again
     */
    public Exchange(Channel connection, ByteBufAllocator alloc, boolean secure, String protocol, HttpRequest message,
                    Exchange previous) {
        this.connection = connection;
        this.alloc = alloc;
        this.secure = secure;
        this.protocol = protocol;
        this.message = message;
        this.target = message.decoderResult().isFailure() ? null
                : previous != null && previous.target != null && previous.message.uri().equals(message.uri())
                ? previous.target : RequestTarget.parse(message.uri());
        this.head = HttpMethod.HEAD.equals(message.method());
    }

    /**
     * Checks the query; {@code false} when it is malformed (an escape that is not {@code %} and two hex digits).
     * A query whose escapes are all well formed is decoded only when {@link #parameters()} is first called.
     */
    boolean decodeQuery() {
        if (target == null) {
            return false;
        }
        String query = target.query();
        if (query.isEmpty() || escapesWellFormed(query)) {
            return true;
        }
        // The decoder has the last word (it stops at its parameter limit, so an escape past it is not an error).
        try {
            parameters = decode(query);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether every {@code %} of a raw query starts an escape of two hex digits: then the decoder cannot fail on it
     * (its only failures are escapes), whatever the separators.
     */
    static boolean escapesWellFormed(String query) {
        for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 3)) {
            if (i + 2 >= query.length() || !hex(query.charAt(i + 1)) || !hex(query.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The parsed target (for tests). */
    RequestTarget parsedTarget() {
        return target;
    }

    /** Whether {@link #parameters()} has been decoded (for tests). */
    boolean parametersDecoded() {
        return parameters != null;
    }

    private static Map<String, List<String>> decode(String query) {
        return Collections.unmodifiableMap(QueryStringDecoder.builder().hasPath(false).maxParams(MAX_PARAMETERS)
                .charset(StandardCharsets.UTF_8).build(query).parameters());
    }

    void routePath(String routePath) {
        this.routePath = routePath;
    }

    /** The request as decoded by the wire. */
    public HttpRequest message() {
        return message;
    }

    /** Whether the target is well formed (an origin or absolute form whose path is safe). */
    public boolean wellFormed() {
        return target != null;
    }

    @Override
    public HttpMethod method() {
        return message.method();
    }

    @Override
    public boolean head() {
        return head;
    }

    @Override
    public HttpVersion version() {
        return message.protocolVersion();
    }

    @Override
    public String target() {
        return message.uri();
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String path() {
        return target.path();
    }

    @Override
    public String routePath() {
        return routePath;
    }

    @Override
    public String query() {
        return target.query();
    }

    @Override
    public Map<String, List<String>> parameters() {
        Map<String, List<String>> p = parameters;
        if (p == null) {
            if (target == null || target.query().isEmpty()) {
                return Map.of(); // nothing to decode: no write to the field for the many requests without a query
            }
            String query = target.query();
            p = decode(query);
            parameters = p;
        }
        return p;
    }

    @Override
    public HttpHeaders headers() {
        return message.headers();
    }

    @Override
    public boolean acceptsEncoding(String coding) {
        return AcceptEncoding.accepts(message.headers().get(HttpHeaderNames.ACCEPT_ENCODING), coding);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        if (remoteAddress == null && ClientAddress.of(connection) instanceof InetSocketAddress a) {
            remoteAddress = a;
        }
        return remoteAddress;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public ByteBufAllocator alloc() {
        return alloc;
    }

    /** {@code METHOD TARGET PROTOCOL} for the access log, or {@code null} when the request could not be read. */
    String requestLine() {
        return message.decoderResult().isFailure() ? null
                : message.method().name() + " " + message.uri() + " " + protocol;
    }

    /** The client's address as the access log shows it. */
    String remote() {
        InetSocketAddress a = remoteAddress();
        return a != null ? a.getAddress().getHostAddress() : String.valueOf(connection.remoteAddress());
    }

    @Override
    public String toString() {
        return message.method() + " " + message.uri();
    }
}
