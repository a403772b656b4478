package org.camelot.client.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code http get --http2} against nginx's HTTP/2 (a peer the client was not written with). */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NginxHttp2GetTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static NginxPeer nginx;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        nginx = new NginxPeer(dir.resolve("nginx"), pki);
    }

    @AfterAll
    static void stop() throws Exception {
        nginx.close();
    }

    @Test
    void negotiatesH2WithNginxAndKeepsAMegabyteIntact() throws Exception {
        String url = "https://localhost:" + nginx.tlsPort + "/big.bin";
        Http2GetCommandTest.Run r = Http2GetCommandTest.run("http", "get", "--http2", "-i", url,
                "--cacert", pki.caPem().toString());
        assertEquals(0, r.exit(), r.err());
        int body = r.text().indexOf("\r\n\r\n") + 4;
        String head = r.text().substring(0, body);
        assertTrue(head.startsWith("HTTP/2 200\r\n"), head);
        assertTrue(head.contains("\r\nserver: nginx"), head);
        assertTrue(head.contains("\r\ncontent-length: " + Http2TestServer.BIG + "\r\n"), head);
        assertArrayEquals(Http2TestServer.bigBytes(), Arrays.copyOfRange(r.out(), body, r.out().length));
        assertTrue(nginx.awaitAccessLines(1, "/big.bin").getLast().contains(" HTTP/2.0 200 /big.bin"),
                nginx.accessLines().toString());
    }

    @Test
    void speaksPriorKnowledgeToNginxOverCleartext() throws Exception {
        Http2GetCommandTest.Run r = Http2GetCommandTest.run("http", "get", "--http2",
                "http://127.0.0.1:" + nginx.h2cPort + "/motto.txt");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Http2TestServer.MOTTO, r.text());
        assertTrue(nginx.awaitAccessLines(1, "/motto.txt").getLast().contains(" HTTP/2.0 200 /motto.txt"),
                nginx.accessLines().toString());
    }

    @Test
    void saysWhenNginxDoesNotSpeakH2OnAPort() {
        Http2GetCommandTest.Run r = Http2GetCommandTest.run("http", "get", "--http2",
                "http://127.0.0.1:" + nginx.http1Port + "/motto.txt");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the server does not speak HTTP/2 with prior knowledge (it answered "
                + "\"HTTP/1.1 400 Bad Request\"); try --http1.1"), r.err());
        Http2GetCommandTest.Run h1 = Http2GetCommandTest.run("http", "get", "--http1.1", "-i",
                "http://127.0.0.1:" + nginx.http1Port + "/motto.txt");
        assertTrue(h1.text().startsWith("HTTP/1.1 200 OK\r\n"), h1.text());
    }
}
