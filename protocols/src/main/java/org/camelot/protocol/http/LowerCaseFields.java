package org.camelot.protocol.http;

import io.netty.handler.codec.Headers;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * The fields of an {@link Answer}'s head for the wires whose field names are lower case (HTTP/2 and HTTP/3): the same
 * fields the HTTP/1.1 head carries. The status is a pseudo-header each wire sets itself.
 */
public final class LowerCaseFields {

    private LowerCaseFields() {
    }

    /**
     * Adds the answer's fields to {@code h}, a header block made without validation: every name below is a constant
     * or a route header made lower case here, and values were checked when the route set them.
     *
     * @param server the {@code Server} value, or {@code null} for none
     */
    public static void addTo(Headers<CharSequence, CharSequence, ?> h, Answer answer, AsciiString server) {
        if (server != null) {
            h.add(HttpHeaderNames.SERVER, server);
        }
        h.add(HttpHeaderNames.DATE, HttpDates.now());
        if (answer.contentType() != null) {
            h.add(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        HttpHeaders route = answer.routeHeaders();
        if (route != null && !route.isEmpty()) {
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = route.iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                if (answer.routeHeader(e.getKey())) {
                    h.add(AsciiString.of(e.getKey()).toLowerCase(), e.getValue());
                }
            }
        }
        if (answer.contentEncoding() != null) {
            h.add(HttpHeaderNames.CONTENT_ENCODING, answer.contentEncoding());
        }
        if (answer.varyEncoding()) {
            h.add(HttpHeaderNames.VARY, "Accept-Encoding");
        }
        if (answer.etag() != null) {
            h.add(HttpHeaderNames.ETAG, answer.etag());
        }
        if (answer.lastModified() >= 0) {
            h.add(HttpHeaderNames.LAST_MODIFIED, HttpDates.format(answer.lastModified()));
        }
        if (answer.acceptRanges()) {
            h.add(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        }
        if (answer.contentRange() != null) {
            h.add(HttpHeaderNames.CONTENT_RANGE, answer.contentRange());
        }
        if (answer.allow() != null) {
            h.add(HttpHeaderNames.ALLOW, answer.allow());
        }
        if (answer.contentLength() >= 0) {
            h.addLong(HttpHeaderNames.CONTENT_LENGTH, answer.contentLength());
        }
    }
}
