package org.camelot.client.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerReaderTest {

    private static String body(String answer, boolean head) throws IOException {
        AnswerReader r = new AnswerReader(new ByteArrayInputStream(answer.getBytes(StandardCharsets.ISO_8859_1)));
        AnswerReader.Head h = r.readHead();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.readBody(h, head, out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsAContentLengthBody() throws IOException {
        assertEquals("hello", body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", false));
    }

    @Test
    void undoesChunkedFramingWithExtensionsAndTrailers() throws IOException {
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1A\r\n abcdefghijklmnopqrstuvwxy\r\n0\r\nX-Trailer: t\r\n\r\n";
        assertEquals("hello abcdefghijklmnopqrstuvwxy", body(answer, false));
    }

    @Test
    void readsUntilCloseWithoutFraming() throws IOException {
        assertEquals("all of it", body("HTTP/1.0 200 OK\r\n\r\nall of it", false));
    }

    @Test
    void skipsInterimAnswersAndKeepsTheHeadBytes() throws IOException {
        String answer = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno";
        AnswerReader r = new AnswerReader(new ByteArrayInputStream(answer.getBytes(StandardCharsets.ISO_8859_1)));
        AnswerReader.Head h = r.readHead();
        assertEquals(404, h.status());
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n",
                new String(h.bytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsNoBodyForHeadOr304() throws IOException {
        assertEquals("", body("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", true));
        assertEquals("", body("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n", false));
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertThrows(ProtocolException.class, () -> body("SSH-2.0-OpenSSH\r\n\r\n", false));
        assertThrows(ProtocolException.class, () -> body("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", false));
        assertThrows(ProtocolException.class,
                () -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false));
        assertThrows(ProtocolException.class,
                () -> body("HTTP/1.1 200 OK\r\nX: " + "a".repeat(AnswerReader.MAX_HEAD) + "\r\n\r\n", false));
    }

    @Test
    void saysWhenTheBodyIsCutShort() {
        EOFException e = assertThrows(EOFException.class,
                () -> body("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", false));
        assertTrue(e.getMessage().contains("5 bytes before the end"), e.getMessage());
        assertThrows(EOFException.class, () -> body("", false));
    }
}
