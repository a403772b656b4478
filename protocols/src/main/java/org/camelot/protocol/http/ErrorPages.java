package org.camelot.protocol.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/** The small HTML page sent with an error status when the answer has no body of its own. */
final class ErrorPages {

    static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private final String signature;
    private final ConcurrentHashMap<Integer, byte[]> pages = new ConcurrentHashMap<>();

    /** @param signature the server name shown at the bottom, or empty for none */
    ErrorPages(String signature) {
        this.signature = signature;
    }

    byte[] page(HttpResponseStatus status) {
        return pages.computeIfAbsent(status.code(), code -> {
            String title = code + " " + status.reasonPhrase();
            String html = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                    + "</h1></center>\r\n" + (signature.isEmpty() ? "" : "<hr><center>" + signature + "</center>\r\n")
                    + "</body>\r\n</html>\r\n";
            return html.getBytes(StandardCharsets.US_ASCII);
        });
    }
}
