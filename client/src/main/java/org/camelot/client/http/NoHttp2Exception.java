package org.camelot.client.http;

import java.net.ProtocolException;

/** The server does not speak HTTP/2: it chose another protocol by ALPN, or answered the preface in HTTP/1.x. */
public final class NoHttp2Exception extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public NoHttp2Exception(String message) {
        super(message);
    }
}
