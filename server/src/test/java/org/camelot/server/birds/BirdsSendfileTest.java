package org.camelot.server.birds;

import static org.camelot.server.birds.BirdsClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.server.testing.TlsClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole table sent with {@code sendfile} from its file ({@code sendfile-threshold: 0}) is the answer the same
 * route sends from memory, byte for byte and header for header, with every behaviour of the route: ranges, HEAD,
 * conditionals, gzip, TLS (which keeps the buffer), HTTP/1.0 and pipelining.
 */
class BirdsSendfileTest {

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> "listeners:\n"
            + "  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + routes()
            + "  https:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + d.tlsYaml(4) + routes());
    static BirdsClient plain;
    static BirdsClient tls;

    static String routes() {
        return "    routes:\n"
                + "      birds:\n        csv: " + SampleSurvey.CSV + "\n        sendfile-threshold: 0\n"
                + "      memory:\n        type: birds\n        path: /memory\n        csv: " + SampleSurvey.CSV
                + "\n        cache-control: no-cache\n        sendfile-threshold: 1000000000\n";
    }

    @BeforeAll
    static void clients() throws Exception {
        plain = new BirdsClient(server.port("http"), null);
        tls = new BirdsClient(server.port("https"), TlsClients.context(server.pki(), null));
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void theWholeTableFromItsFileIsTheAnswerFromMemory(boolean secure) {
        BirdsClient c = secure ? tls : plain;
        for (String accept : List.of("application/json", "text/csv")) {
            HttpResponse<byte[]> file = c.get("/birds", "Accept", accept);
            HttpResponse<byte[]> memory = c.get("/memory", "Accept", accept);
            assertEquals(200, file.statusCode());
            assertArrayEquals(memory.body(), file.body(), accept);
            assertTrue(file.body().length > 1000);
            for (String h : List.of("content-type", "content-length", "etag", "last-modified", "vary",
                    "accept-ranges")) {
                assertEquals(header(memory, h), header(file, h), accept + " " + h);
            }
            assertEquals(String.valueOf(file.body().length), header(file, "content-length"));
        }
    }

    @Test
    void theRouteKeepsItsWholeAnswersInUnlinkedFiles() throws IOException {
        String prefix = Path.of(System.getProperty("java.io.tmpdir")).toRealPath().resolve("camelot-birds-")
                .toString();
        long held = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix) && target.endsWith(" (deleted)")) {
                        held++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        assertTrue(held >= 2, "a JSON and a CSV file: " + held);
    }

    @Test
    void rangesHeadConditionalsAndGzipBehaveAsForAnyAnswer() {
        byte[] whole = plain.get("/birds").body();
        HttpResponse<byte[]> one = plain.get("/birds", "Range", "bytes=2-11");
        assertEquals(206, one.statusCode());
        assertEquals("bytes 2-11/" + whole.length, header(one, "content-range"));
        assertArrayEquals(Arrays.copyOfRange(whole, 2, 12), one.body());
        HttpResponse<byte[]> two = plain.get("/birds", "Range", "bytes=0-3,-5");
        assertEquals(206, two.statusCode());
        assertTrue(header(two, "content-type").startsWith("multipart/byteranges; boundary="));
        String body = new String(two.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\r\n\r\n[{\"l\r\n") && body.contains(new String(whole, whole.length - 5, 5,
                StandardCharsets.UTF_8)), body);
        assertEquals(416, plain.get("/birds", "Range", "bytes=" + whole.length + "-").statusCode());

        HttpResponse<byte[]> head = plain.send("HEAD", "/birds");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(String.valueOf(whole.length), header(head, "content-length"));

        String etag = header(plain.get("/birds"), "etag");
        assertEquals(304, plain.get("/birds", "If-None-Match", etag).statusCode());
        assertEquals(412, plain.get("/birds", "If-Match", "\"other\"").statusCode());

        HttpResponse<byte[]> gz = plain.get("/birds", "Accept-Encoding", "gzip");
        assertEquals("gzip", header(gz, "content-encoding"));
        assertArrayEquals(whole, BirdsClient.gunzip(gz.body()));
        assertEquals("W/" + etag, header(gz, "etag"));
    }

    @Test
    void pipelinedAndHttp10RequestsGetTheWholeFileEachInOrder() throws IOException {
        byte[] whole = plain.get("/birds").body();
        try (Socket s = new Socket("127.0.0.1", server.port("http"))) {
            s.setSoTimeout(20_000);
            String get = "GET /birds HTTP/1.1\r\nHost: x\r\n\r\n";
            s.getOutputStream().write((get + "GET /birds?year=2023 HTTP/1.1\r\nHost: x\r\n\r\n" + get
                    + "GET /birds HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] year = plain.get("/birds?year=2023").body();
            for (byte[] expected : List.of(whole, year, whole, whole)) {
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
                assertTrue(head.contains("\r\nContent-Length: " + expected.length + "\r\n"), head);
                assertArrayEquals(expected, in.readNBytes(expected.length));
            }
            assertEquals(-1, in.read(), "the HTTP/1.0 answer closes the connection");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
