package org.camelot.protocol.http.h3;

import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.util.AsciiString;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.LowerCaseFields;

/** The HTTP/3 field section of an {@link Answer}: the same fields as the HTTP/2 header block, in lower case. */
final class Http3Heads {

    private Http3Heads() {
    }

    /** @param server the {@code Server} value, or {@code null} for none */
    static Http3Headers of(Answer answer, AsciiString server) {
        Http3Headers h = new DefaultHttp3Headers(false);
        h.status(answer.status().codeAsText());
        LowerCaseFields.addTo(h, answer, server);
        return h;
    }
}
