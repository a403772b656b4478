package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.AsciiString;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * What the semantics layer decided to send for one request, before any wire encodes it: a status, the header
 * fields (the route's own and those the listener adds), and a body of typed {@link Part parts}. Each wire (HTTP/1.1,
 * HTTP/2) turns it into its own bytes and frames and adds what only it knows: {@code Date}, {@code Server}, framing
 * and connection management. The wire owns the answer once it has it and frees it with {@link #discard} or by
 * sending its parts and then {@link #resource()}{@code .discard()}.
 *
 * @param status          the status
 * @param routeHeaders    the route's headers, or {@code null}; a wire writes those {@link #routeHeader} accepts
 * @param notModified     whether this is a 304, which keeps only some route headers
 * @param contentType     a {@code Content-Type} that replaces the route's (error pages, multipart), or {@code null}
 * @param contentEncoding {@code Content-Encoding} added by the listener, or {@code null}
 * @param varyEncoding    whether to add {@code Vary: Accept-Encoding}
 * @param etag            {@code ETag}, or {@code null}
 * @param lastModified    {@code Last-Modified} in epoch milliseconds, or -1
 * @param acceptRanges    whether to add {@code Accept-Ranges: bytes}
 * @param contentRange    {@code Content-Range}, or {@code null}
 * @param allow           {@code Allow}, or {@code null}
 * @param contentLength   the representation's length as {@code Content-Length} announces it (also for a HEAD
 *                        answer, whose parts are empty), -1 when known only at the end, or -2 for a status that
 *                        has no content ({@code 1xx}, 204, 304)
 * @param parts           the body, in order
 * @param resource        the file or stream to close once the parts are sent (or lost), or {@link Body#EMPTY}
 */
public record Answer(HttpResponseStatus status, HttpHeaders routeHeaders, boolean notModified, String contentType,
                     String contentEncoding, boolean varyEncoding, String etag, long lastModified,
                     boolean acceptRanges, String contentRange, String allow, long contentLength, List<Part> parts,
                     Body resource) {

    /** One piece of an answer's body. */
    public sealed interface Part permits Bytes, FileSlice, Chunks {
    }

    /** Bytes in memory. */
    public record Bytes(ByteBuf content) implements Part {
    }

    /** A range of a file, which the answer's {@link #resource()} closes (the parts of a multipart body share it). */
    public record FileSlice(FileChannel file, long position, long count) implements Part {
    }

    /**
     * A stream of buffers. {@link ChunkedInput#readChunk(io.netty.buffer.ByteBufAllocator)} does not block: a
     * {@code null} chunk before the end means "nothing yet, ask again shortly".
     */
    public record Chunks(ChunkedInput<ByteBuf> input) implements Part {
    }

    /** Whether the status has no content at all ({@code 1xx}, 204, 304). */
    public boolean bodiless() {
        return contentLength == -2;
    }

    /** Whether every part is in memory, so the body can be handed to the connection at once. */
    public boolean inMemory() {
        for (Part p : parts) {
            if (!(p instanceof Bytes)) {
                return false;
            }
        }
        return true;
    }

    /** Frees everything not yet sent. */
    public void discard() {
        for (Part p : parts) {
            if (p instanceof Bytes b) {
                b.content().release();
            }
        }
        resource.discard();
    }

    /** Headers only the listener writes; a route's values for them are ignored. */
    private static final AsciiString[] MANAGED = {
            HttpHeaderNames.CONTENT_LENGTH,
            HttpHeaderNames.TRANSFER_ENCODING,
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.DATE, HttpHeaderNames.SERVER,
            HttpHeaderNames.ETAG,
            HttpHeaderNames.LAST_MODIFIED,
            HttpHeaderNames.ACCEPT_RANGES,
            HttpHeaderNames.CONTENT_RANGE,
            HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.UPGRADE,
            HttpHeaderNames.PROXY_CONNECTION};

    /** The route headers a 304 keeps (RFC 9110 15.4.5). */
    private static final AsciiString[] KEPT_BY_304 = {
            HttpHeaderNames.CACHE_CONTROL,
            HttpHeaderNames.EXPIRES, HttpHeaderNames.VARY,
            HttpHeaderNames.CONTENT_LOCATION};

    /**
     * Whether a wire writes this route header: not one the listener manages (nor, with a replacing
     * {@link #contentType}, the route's {@code Content-Type}), and for a 304 only those a 304 keeps.
     */
    public boolean routeHeader(CharSequence name) {
        if (notModified) {
            return in(name, KEPT_BY_304);
        }
        if (contentType != null && HttpHeaderNames.CONTENT_TYPE.contentEqualsIgnoreCase(
                name)) {
            return false;
        }
        return !in(name, MANAGED);
    }

    private static boolean in(CharSequence name, AsciiString[] names) {
        for (AsciiString n : names) {
            if (n.length() == name.length() && n.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
