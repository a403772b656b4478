package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Writes a response head straight into a buffer: status line, header lines, blank line. */
final class HeadEncoder {

    /** Headers only the listener writes; a route's values for them are ignored. */
    private static final AsciiString[] MANAGED = {
            HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.CONNECTION,
            HttpHeaderNames.DATE, HttpHeaderNames.SERVER, HttpHeaderNames.ETAG, HttpHeaderNames.LAST_MODIFIED,
            HttpHeaderNames.ACCEPT_RANGES, HttpHeaderNames.CONTENT_RANGE, HttpHeaderNames.KEEP_ALIVE};

    /** The route headers a 304 keeps (RFC 9110 15.4.5). */
    private static final AsciiString[] KEPT_BY_304 = {
            HttpHeaderNames.CACHE_CONTROL, HttpHeaderNames.EXPIRES, HttpHeaderNames.VARY,
            HttpHeaderNames.CONTENT_LOCATION};

    /** Status lines of the standard statuses by code, made on first use (a race only makes one twice). */
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CRLF = {'\r', '\n'};

    private record LastModified(long millis, byte[] line) {
    }

    private static volatile LastModified lastModified = new LastModified(Long.MIN_VALUE, new byte[0]);

    private HeadEncoder() {
    }

    static void statusLine(ByteBuf out, HttpResponseStatus status) {
        int code = status.code();
        if (code >= 100 && code < STATUS_LINES.length && status == HttpResponseStatus.valueOf(code)) {
            byte[] line = STATUS_LINES[code];
            if (line == null) {
                line = ("HTTP/1.1 " + status + "\r\n").getBytes(StandardCharsets.US_ASCII);
                STATUS_LINES[code] = line;
            }
            out.writeBytes(line);
        } else {
            ByteBufUtil.writeAscii(out, "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n");
        }
    }

    /** {@code ETag} as it is usually written (the canonical form of {@code etag} would be {@code Etag}). */
    static final AsciiString ETAG = AsciiString.cached("ETag");

    static void header(ByteBuf out, CharSequence name, CharSequence value) {
        name(out, name);
        out.writeByte(':').writeByte(' ');
        write(out, value);
        out.writeBytes(CRLF);
    }

    static void header(ByteBuf out, CharSequence name, long value) {
        name(out, name);
        out.writeByte(':').writeByte(' ');
        ByteBufUtil.writeAscii(out, Long.toString(value));
        out.writeBytes(CRLF);
    }

    /** {@code Last-Modified}, remembering the last date formatted since most answers repeat it. */
    static void lastModified(ByteBuf out, long millis) {
        LastModified lm = lastModified;
        if (lm.millis != millis) {
            lm = new LastModified(millis, ("Last-Modified: " + HttpDates.format(millis) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            lastModified = lm;
        }
        out.writeBytes(lm.line);
    }

    /** The route's own headers, without those the listener writes; for a 304 only those a 304 keeps. */
    static void routeHeaders(ByteBuf out, HttpHeaders headers, boolean notModified) {
        if (headers == null || headers.isEmpty()) {
            return;
        }
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (notModified ? in(name, KEPT_BY_304) : !in(name, MANAGED)) {
                header(out, name, e.getValue());
            }
        }
    }

    static void end(ByteBuf out) {
        out.writeBytes(CRLF);
    }

    private static boolean in(CharSequence name, AsciiString[] names) {
        for (AsciiString n : names) {
            if (n.length() == name.length() && n.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes a header name in its usual capitalization ({@code content-type} as {@code Content-Type}): names are
     * case-insensitive, but people and some tools read them the way nginx writes them.
     */
    private static void name(ByteBuf out, CharSequence name) {
        if (name instanceof AsciiString a && !a.isEmpty() && a.byteAt(0) >= 'A' && a.byteAt(0) <= 'Z') {
            ByteBufUtil.copy(a, out);
            return;
        }
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.writeByte(upper && c >= 'a' && c <= 'z' ? c - 32 : c > 0x7f ? '?' : c);
            upper = c == '-';
        }
    }

    private static void write(ByteBuf out, CharSequence s) {
        if (s instanceof AsciiString a) {
            ByteBufUtil.copy(a, out);
        } else {
            ByteBufUtil.writeAscii(out, s);
        }
    }
}
