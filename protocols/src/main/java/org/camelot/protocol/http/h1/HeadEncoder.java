package org.camelot.protocol.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.HttpDates;

/**
 * Writes an HTTP/1.1 response head straight into a buffer: status line, header lines, blank line. Hand-written
 * rather than Netty's {@code HttpResponseEncoder} because it copies cached status, {@code Server} and {@code Date}
 * lines and the route's ready-made headers without building a response object per answer.
 */
final class HeadEncoder {

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
    // In their usual capitalization already, so that name() copies them at once instead of byte by byte.
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");

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

    /**
     * The head of {@code answer}: status line, {@code Server}, {@code Date}, the answer's fields, the framing and
     * {@code Connection}.
     *
     * @param dateLine the {@code Date} line ({@link HttpDates#dateLine()})
     * @param close    whether the connection closes after this answer
     * @param http10   whether the request was HTTP/1.0 (whose keep-alive is explicit)
     * @param chunked  whether the body goes out with chunked framing
     * @param extra    the bytes that will follow the head in the same buffer (a small body)
     */
    static ByteBuf encode(ByteBufAllocator alloc, Answer answer, byte[] serverLine, byte[] dateLine, boolean close,
                          boolean http10, boolean chunked, int extra) {
        ByteBuf out = alloc.ioBuffer(256 + extra);
        statusLine(out, answer.status());
        out.writeBytes(serverLine).writeBytes(dateLine);
        if (answer.contentType() != null) {
            header(out, HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        HttpHeaders headers = answer.routeHeaders();
        if (headers != null && !headers.isEmpty()) {
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                if (answer.routeHeader(e.getKey())) {
                    header(out, e.getKey(), e.getValue());
                }
            }
        }
        if (answer.contentEncoding() != null) {
            header(out, HttpHeaderNames.CONTENT_ENCODING, answer.contentEncoding());
        }
        if (answer.varyEncoding()) {
            header(out, HttpHeaderNames.VARY, "Accept-Encoding");
        }
        if (answer.etag() != null) {
            header(out, ETAG, answer.etag());
        }
        if (answer.lastModified() >= 0) {
            lastModified(out, answer.lastModified());
        }
        if (answer.acceptRanges()) {
            header(out, ACCEPT_RANGES, "bytes");
        }
        if (answer.contentRange() != null) {
            header(out, HttpHeaderNames.CONTENT_RANGE, answer.contentRange());
        }
        if (answer.allow() != null) {
            header(out, HttpHeaderNames.ALLOW, answer.allow());
        }
        if (answer.contentLength() >= 0) {
            header(out, CONTENT_LENGTH, answer.contentLength());
        } else if (chunked) {
            header(out, HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        }
        if (close) {
            header(out, HttpHeaderNames.CONNECTION, "close");
        } else if (http10) {
            header(out, HttpHeaderNames.CONNECTION, "keep-alive");
        }
        out.writeBytes(CRLF);
        return out;
    }

    static void end(ByteBuf out) {
        out.writeBytes(CRLF);
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
