package org.camelot.protocol.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.util.Objects;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.HttpDates;

/**
 * The last head a connection sent, as bytes, and what it was made of. A client that asks for the same cached file
 * again and again gets the same head until the file or the second of its {@code Date} changes: that head is copied
 * in one piece instead of being encoded field by field. One per connection, used on its event loop only.
 *
 * <p>Only answers whose route headers cannot change behind the answer are remembered: none, or Netty's read-only
 * headers (what a route that keeps ready-made headers, such as the files route, hands over). A head with a
 * {@code Content-Range} is not remembered either: ranges rarely repeat.
 */
final class LastHead {

    private byte[] bytes;
    private byte[] dateLine;
    private byte[] serverLine;
    private HttpResponseStatus status;
    private HttpHeaders routeHeaders;
    private boolean notModified;
    private String contentType;
    private String contentEncoding;
    private boolean varyEncoding;
    private String etag;
    private long lastModified;
    private boolean acceptRanges;
    private String allow;
    private long contentLength;
    private boolean close;
    private boolean http10;
    private boolean chunked;

    /**
     * The head of {@code answer} in a new buffer with room for {@code extra} more bytes (a small body that goes
     * in the same buffer); the arguments are those of {@link HeadEncoder#encode}.
     */
    ByteBuf encode(ByteBufAllocator alloc, Answer answer, byte[] serverLine, boolean close, boolean http10,
                   boolean chunked, int extra) {
        byte[] date = HttpDates.dateLine();
        if (bytes != null && date == dateLine && same(answer, serverLine, close, http10, chunked)) {
            return alloc.ioBuffer(bytes.length + extra).writeBytes(bytes);
        }
        ByteBuf out = HeadEncoder.encode(alloc, answer, serverLine, date, close, http10, chunked, extra);
        HttpHeaders headers = answer.routeHeaders();
        if (answer.contentRange() == null && (headers == null || headers instanceof ReadOnlyHttpHeaders)) {
            remember(answer, out, date, serverLine, close, http10, chunked);
        } else {
            bytes = null;
        }
        return out;
    }

    private boolean same(Answer a, byte[] serverLine, boolean close, boolean http10, boolean chunked) {
        return a.status() == status && a.routeHeaders() == routeHeaders && a.contentLength() == contentLength
                && a.lastModified() == lastModified && serverLine == this.serverLine && a.contentRange() == null
                && a.notModified() == notModified && a.varyEncoding() == varyEncoding
                && a.acceptRanges() == acceptRanges && close == this.close && http10 == this.http10
                && chunked == this.chunked && Objects.equals(a.etag(), etag)
                && Objects.equals(a.contentType(), contentType)
                && Objects.equals(a.contentEncoding(), contentEncoding) && Objects.equals(a.allow(), allow);
    }

    private void remember(Answer a, ByteBuf head, byte[] date, byte[] serverLine, boolean close, boolean http10,
                          boolean chunked) {
        byte[] b = new byte[head.readableBytes()];
        head.getBytes(head.readerIndex(), b);
        bytes = b;
        dateLine = date;
        this.serverLine = serverLine;
        status = a.status();
        routeHeaders = a.routeHeaders();
        notModified = a.notModified();
        contentType = a.contentType();
        contentEncoding = a.contentEncoding();
        varyEncoding = a.varyEncoding();
        etag = a.etag();
        lastModified = a.lastModified();
        acceptRanges = a.acceptRanges();
        allow = a.allow();
        contentLength = a.contentLength();
        this.close = close;
        this.http10 = http10;
        this.chunked = chunked;
    }
}
