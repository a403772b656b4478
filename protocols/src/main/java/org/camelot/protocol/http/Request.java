package org.camelot.protocol.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A request as a route sees it: already checked (a well-formed target, GET or HEAD, a {@code Host} header for
 * HTTP/1.1) and its path decoded and normalized.
 */
public interface Request {

    /** {@code GET} or {@code HEAD}. */
    HttpMethod method();

    /** Whether this is a {@code HEAD} request; its answer's body is dropped by the listener, so a route may skip it. */
    default boolean head() {
        return HttpMethod.HEAD.equals(method());
    }

    /** HTTP/1.0 or HTTP/1.1; HTTP/1.1 for a request over HTTP/2, whose semantics are those of HTTP/1.1. */
    HttpVersion version();

    /** The protocol the request came by, as an access log shows it: {@code HTTP/1.0}, {@code HTTP/1.1}, {@code HTTP/2.0}. */
    default String protocol() {
        return version().text();
    }

    /** The request target exactly as received, e.g. {@code /birds?year=2021&species=bkcchi}. */
    String target();

    /**
     * The path, percent-decoded once as UTF-8 and normalized: it starts with {@code /}, has no empty, {@code .} or
     * {@code ..} segments, no control characters and no backslash, and keeps a trailing slash if the target had one.
     */
    String path();

    /**
     * The part of {@link #path()} below the route's mount path: empty when the path is the mount path itself,
     * otherwise starting with {@code /} (for a route mounted at {@code /}, the whole path).
     */
    String routePath();

    /** The raw query string, without the {@code ?}; empty when there is none. */
    String query();

    /** The decoded query parameters in the order they came; a name without {@code =} has an empty value. */
    Map<String, List<String>> parameters();

    /** The first value of a query parameter, or {@code null} when it is absent. */
    default String parameter(String name) {
        List<String> values = parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The request headers. */
    HttpHeaders headers();

    /** Whether {@code Accept-Encoding} accepts a content coding such as {@code gzip} or {@code br} (q > 0). */
    boolean acceptsEncoding(String coding);

    /** The client's address. */
    InetSocketAddress remoteAddress();

    /** Whether the connection is TLS. */
    boolean secure();

    /** The connection's buffer allocator, for answer bodies. */
    ByteBufAllocator alloc();
}
