package org.camelot.protocol.http;

import io.netty.buffer.ByteBufAllocator;
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

/** One request and what became of its answer: the route's view of the request, and what the access log needs. */
final class Exchange implements Request {

    private static final int MAX_PARAMETERS = 256;

    private final HttpConnection connection;
    private final HttpRequest message;
    private final RequestTarget target;
    private final boolean head;
    private String routePath;
    private Map<String, List<String>> parameters;
    /** The status sent, for the access log. */
    int status;
    /** The body bytes sent, for the access log. */
    long bodyBytes;

    /**
     * @param target the parsed target, or {@code null} for a request answered before one could be read
     */
    Exchange(HttpConnection connection, HttpRequest message, RequestTarget target) {
        this.connection = connection;
        this.message = message;
        this.target = target;
        this.head = HttpMethod.HEAD.equals(message.method());
    }

    /** Decodes the query; {@code false} when it is malformed. */
    boolean decodeQuery() {
        if (target.query().isEmpty()) {
            parameters = Map.of();
            return true;
        }
        try {
            parameters = Collections.unmodifiableMap(QueryStringDecoder.builder().hasPath(false)
                    .maxParams(MAX_PARAMETERS).charset(StandardCharsets.UTF_8).build(target.query()).parameters());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void routePath(String routePath) {
        this.routePath = routePath;
    }

    HttpRequest message() {
        return message;
    }

    RequestTarget requestTarget() {
        return target;
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
        return parameters;
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
        return connection.remoteAddress();
    }

    @Override
    public boolean secure() {
        return connection.secure();
    }

    @Override
    public ByteBufAllocator alloc() {
        return connection.alloc();
    }

    /** {@code METHOD TARGET VERSION} for the access log, or {@code null} when the request could not be read. */
    String requestLine() {
        return message.decoderResult().isFailure() ? null
                : message.method().name() + " " + message.uri() + " " + message.protocolVersion().text();
    }

    @Override
    public String toString() {
        return message.method() + " " + message.uri();
    }
}
