package org.camelot.protocol.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns a route's {@link Response} into an {@link Answer}: evaluates preconditions (304, 412), compresses,
 * serves byte ranges (206, 416), adds error pages and drops the body of a HEAD answer. Nothing here knows a wire.
 */
final class Answers {

    private final ErrorPages errorPages;
    private final int gzipLevel;
    private final int gzipMinLength;
    private final int maxRanges;

    Answers(HttpSettings settings) {
        this.errorPages = new ErrorPages(settings.serverHeader());
        this.gzipLevel = settings.gzipLevel();
        this.gzipMinLength = settings.gzipMinLength();
        this.maxRanges = settings.maxRanges();
    }

    /** The answer to {@code ex}; {@code response} is consumed. */
    Answer prepare(Exchange ex, Response response, ByteBufAllocator alloc) {
        HttpResponseStatus status = response.status();
        HttpHeaders request = ex.headers();
        String etag = response.etag();
        long lastModified = response.lastModified();
        if (status.code() == 200 && (etag != null || lastModified >= 0 || request.contains(HttpHeaderNames.IF_MATCH))) {
            switch (Conditionals.evaluate(request, etag, lastModified)) {
                case NOT_MODIFIED -> {
                    response.discard();
                    return notModified(ex, response);
                }
                case PRECONDITION_FAILED -> {
                    response.discard();
                    return error(ex, HttpResponseStatus.PRECONDITION_FAILED);
                }
                default -> { }
            }
        }
        Body body = response.body();
        HttpHeaders headers = response.headersOrNull();
        boolean compressed = false;
        if (response.isCompressible() && status.code() == 200 && !(body instanceof Body.Empty)
                && !(body instanceof Body.File)
                && (headers == null || !headers.contains(HttpHeaderNames.CONTENT_ENCODING))
                && (body.length() < 0 || body.length() >= gzipMinLength) && ex.acceptsEncoding("gzip")) {
            body = compress(body, alloc);
            compressed = true;
            if (etag != null && !EntityTags.weak(etag)) {
                etag = "W/" + etag;
            }
        }
        boolean rangeable = !compressed && (body instanceof Body.Bytes || body instanceof Body.File);
        long length = body.length();
        // Most answers have one part: an immutable list of one until a range needs more.
        List<Answer.Part> parts = List.of();
        String contentRange = null;
        String contentType = null;
        String requestedRange = request.get(HttpHeaderNames.RANGE);
        if (rangeable && status.code() == 200 && requestedRange != null && HttpMethod.GET.equals(ex.method())
                && Conditionals.rangeAllowed(request, etag, lastModified)) {
            ByteRanges ranges = ByteRanges.parse(requestedRange, length, maxRanges);
            if (ranges != null && ranges.unsatisfiable()) {
                body.discard();
                return error(ex, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "bytes */" + length);
            }
            if (ranges != null) {
                status = HttpResponseStatus.PARTIAL_CONTENT;
                if (ranges.ranges().size() == 1) {
                    long[] r = ranges.ranges().get(0);
                    contentRange = "bytes " + r[0] + "-" + r[1] + "/" + length;
                    parts = List.of(slice(body, r[0], r[1] - r[0] + 1));
                    length = r[1] - r[0] + 1;
                } else {
                    String type = headers == null ? null : headers.get(HttpHeaderNames.CONTENT_TYPE);
                    Multipart m = new Multipart(type, length);
                    Body whole = body;
                    parts = new ArrayList<>();
                    length = m.build(ranges.ranges(), r -> slice(whole, r[0], r[1] - r[0] + 1), parts);
                    contentType = m.contentType();
                }
                if (body instanceof Body.Bytes b) {
                    b.content().release();
                }
            }
        }
        if (parts.isEmpty() && status.code() != 206) {
            if (body instanceof Body.Bytes b) {
                parts = List.of(new Answer.Bytes(b.content()));
            } else if (body instanceof Body.File f) {
                parts = List.of(new Answer.FileSlice(f.channel(), f.position(), f.count()));
            } else if (body instanceof Body.Stream s) {
                parts = List.of(new Answer.Chunks(s.input()));
            }
        }
        if (status.code() >= 400 && body instanceof Body.Empty) {
            // An empty body has no part above: the error page is the only one.
            byte[] page = errorPages.page(status);
            length = page.length;
            contentType = ErrorPages.CONTENT_TYPE;
            parts = List.of(new Answer.Bytes(Unpooled.wrappedBuffer(page)));
        }
        boolean bodiless = status.code() == 204 || status.code() == 304 || status.code() < 200;
        Body resource = body instanceof Body.Bytes ? Body.EMPTY : body;
        if (ex.head() || bodiless) {
            for (Answer.Part p : parts) {
                if (p instanceof Answer.Bytes b) {
                    b.content().release();
                }
            }
            parts = List.of();
            resource.discard();
            resource = Body.EMPTY;
        }
        return new Answer(status, headers, false, contentType, compressed ? "gzip" : null,
                response.isCompressible() && !variesOnEncoding(headers), etag, lastModified, rangeable,
                contentRange, null, bodiless ? -2 : length, parts, resource);
    }

    /**
     * An answer the listener makes itself (400, 404, 405, 408, 412, 414, 416, 431, 500, ...), with its error page.
     *
     * @param contentRange for a 416, the {@code Content-Range} naming the representation's length
     */
    Answer error(Exchange ex, HttpResponseStatus status, String... contentRange) {
        byte[] page = errorPages.page(status);
        boolean head = ex != null && ex.head();
        List<Answer.Part> parts = head ? List.of() : List.of(new Answer.Bytes(Unpooled.wrappedBuffer(page)));
        return new Answer(status, null, false, ErrorPages.CONTENT_TYPE, null, false, null, -1, false,
                status.code() == 416 && contentRange.length > 0 ? contentRange[0] : null,
                status.code() == 405 ? "GET, HEAD" : null, page.length, parts, Body.EMPTY);
    }

    private Answer notModified(Exchange ex, Response response) {
        String etag = response.etag();
        if (etag != null && response.isCompressible() && !EntityTags.weak(etag) && ex.acceptsEncoding("gzip")) {
            etag = "W/" + etag;
        }
        return new Answer(HttpResponseStatus.NOT_MODIFIED, response.headersOrNull(), true, null, null,
                response.isCompressible() && !variesOnEncoding(response.headersOrNull()), etag,
                response.lastModified(), false, null, null, -2, List.of(), Body.EMPTY);
    }

    /** Whether the route's own {@code Vary} already names {@code Accept-Encoding} (or {@code *}). */
    private static boolean variesOnEncoding(HttpHeaders headers) {
        if (headers == null) {
            return false;
        }
        // Walked as the header object holds them: no list, no String per answer.
        Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.VARY);
        while (values.hasNext()) {
            CharSequence v = values.next();
            if (AsciiString.containsIgnoreCase(v, HttpHeaderNames.ACCEPT_ENCODING)
                    || AsciiString.contentEquals(AsciiString.trim(v), "*")) {
                return true;
            }
        }
        return false;
    }

    private Body compress(Body body, ByteBufAllocator alloc) {
        if (body instanceof Body.Bytes b) {
            try {
                return new Body.Bytes(Gzip.compress(b.content(), gzipLevel, alloc));
            } finally {
                b.content().release();
            }
        }
        return new Body.Stream(new GzipInput(((Body.Stream) body).input(), gzipLevel));
    }

    private static Answer.Part slice(Body body, long from, long count) {
        if (body instanceof Body.Bytes b) {
            return new Answer.Bytes(b.content().retainedSlice(b.content().readerIndex() + (int) from, (int) count));
        }
        Body.File f = (Body.File) body;
        return new Answer.FileSlice(f.channel(), f.position() + from, count);
    }
}
