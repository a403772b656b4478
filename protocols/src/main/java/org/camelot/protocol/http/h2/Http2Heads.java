package org.camelot.protocol.http.h2;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.LowerCaseFields;

/** The HTTP/2 header block of an {@link Answer}: the same fields as the HTTP/1.1 head, in lower case. */
final class Http2Heads {

    private Http2Heads() {
    }

    /** @param server the {@code Server} value, or {@code null} for none */
    static Http2Headers of(Answer answer, AsciiString server) {
        Http2Headers h = new DefaultHttp2Headers(false);
        h.status(answer.status().codeAsText());
        LowerCaseFields.addTo(h, answer, server);
        return h;
    }
}
