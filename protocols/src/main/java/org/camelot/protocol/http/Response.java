package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A route's answer: a status, headers, optional validators and at most one body. The listener owns the body once
 * the answer is handed to it (it releases the buffer, closes the file or the stream, even when the answer is never
 * sent because the connection closed or the request was {@code HEAD} or conditional).
 *
 * <p>The listener writes {@code Date}, {@code Server}, {@code Connection}, {@code Content-Length} or
 * {@code Transfer-Encoding}, {@code ETag}, {@code Last-Modified}, {@code Accept-Ranges} and {@code Content-Range}
 * itself: the same names set in {@link #headers()} are ignored.
 */
public final class Response {

    private final HttpResponseStatus status;
    private HttpHeaders headers;
    private boolean sharedHeaders;
    private String etag;
    private long lastModified = -1;
    private boolean compressible;
    private Body body = Body.EMPTY;

    private Response(HttpResponseStatus status) {
        this.status = Objects.requireNonNull(status, "status");
    }

    /** An answer with this status and, until one is set, no body. */
    public static Response status(HttpResponseStatus status) {
        return new Response(status);
    }

    /** A 200 answer. */
    public static Response ok() {
        return new Response(HttpResponseStatus.OK);
    }

    /** A redirect ({@code 301}, {@code 302}, {@code 307}, {@code 308}) to {@code location}, with no body. */
    public static Response redirect(HttpResponseStatus status, String location) {
        return new Response(status).header(HttpHeaderNames.LOCATION, location);
    }

    /** This answer, as an already completed stage, for a route that answers without waiting. */
    public CompletionStage<Response> completed() {
        return CompletableFuture.completedFuture(this);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The route's headers, to read or add to. */
    public HttpHeaders headers() {
        if (headers == null) {
            headers = new DefaultHttpHeaders();
        } else if (sharedHeaders) {
            headers = new DefaultHttpHeaders().add(headers);
            sharedHeaders = false;
        }
        return headers;
    }

    /** Sets a header, replacing any value it had. */
    public Response header(CharSequence name, Object value) {
        headers().set(name, value);
        return this;
    }

    /**
     * Uses {@code shared} as this answer's headers without copying it, for a route that keeps ready-made headers
     * (a read-only instance is fine): the listener never modifies it, and a later {@link #header} copies it first.
     */
    public Response headers(HttpHeaders shared) {
        this.headers = Objects.requireNonNull(shared, "shared");
        this.sharedHeaders = true;
        return this;
    }

    /** Sets {@code Content-Type}. */
    public Response contentType(CharSequence type) {
        return header(HttpHeaderNames.CONTENT_TYPE, type);
    }

    /**
     * The entity tag of this representation, quoted as sent: {@code "abc"}, or {@code W/"abc"} for a weak one.
     * The listener sends it as {@code ETag} and answers {@code If-None-Match} with 304 when it matches.
     */
    public Response etag(String etag) {
        if (etag != null && !EntityTags.valid(etag)) {
            throw new IllegalArgumentException("not a quoted entity tag: " + etag);
        }
        this.etag = etag;
        return this;
    }

    /** When this representation last changed, in milliseconds since the epoch ({@code Last-Modified}). */
    public Response lastModified(long epochMillis) {
        this.lastModified = epochMillis;
        return this;
    }

    /**
     * Whether the listener may gzip this answer when the client accepts gzip and the body is at least the
     * listener's {@code gzip-min-length}; it then adds {@code Vary: Accept-Encoding} and makes the entity tag weak.
     */
    public Response compressible(boolean compressible) {
        this.compressible = compressible;
        return this;
    }

    /** The body is these bytes; the listener releases the buffer. Byte ranges of it can be served. */
    public Response body(ByteBuf content) {
        return setBody(new Body.Bytes(Objects.requireNonNull(content, "content")));
    }

    /** The body is these bytes. */
    public Response body(byte[] content) {
        return body(Unpooled.wrappedBuffer(content));
    }

    /** The body is this text in UTF-8; sets {@code Content-Type: text/plain; charset=utf-8} unless already set. */
    public Response body(CharSequence text) {
        if (headers == null || !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            contentType("text/plain; charset=utf-8");
        }
        return body(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /**
     * The body is {@code length} bytes of {@code file} from {@code position}: sent with {@code sendfile} on a
     * cleartext connection and read in chunks off the event loop over TLS. The listener closes the file.
     */
    public Response file(FileChannel file, long position, long length) {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("position " + position + ", length " + length);
        }
        return setBody(new Body.File(Objects.requireNonNull(file, "file"), position, length));
    }

    /**
     * The body is streamed from {@code input} as the connection can take it, which is how a large answer is sent
     * without holding it all in memory. {@link ChunkedInput#readChunk(io.netty.buffer.ByteBufAllocator)} is called
     * on the event loop and must not block; a {@code null} chunk means "nothing yet" and ends the current burst.
     * Its {@link ChunkedInput#length()} gives {@code Content-Length} when not negative; otherwise the answer is
     * chunked (or, to an HTTP/1.0 client, ends when the connection closes). The listener closes the input.
     */
    public Response stream(ChunkedInput<ByteBuf> input) {
        return setBody(new Body.Stream(Objects.requireNonNull(input, "input")));
    }

    private Response setBody(Body next) {
        body.discard();
        body = next;
        return this;
    }

    String etag() {
        return etag;
    }

    long lastModified() {
        return lastModified;
    }

    boolean isCompressible() {
        return compressible;
    }

    Body body() {
        return body;
    }

    HttpHeaders headersOrNull() {
        return headers;
    }

    void discard() {
        body.discard();
        body = Body.EMPTY;
    }

    static void release(Object o) {
        ReferenceCountUtil.safeRelease(o);
    }
}
