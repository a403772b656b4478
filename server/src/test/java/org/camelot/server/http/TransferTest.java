package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large bodies arrive byte for byte: with sendfile over cleartext and with chunked reads off the event loop over
 * TLS, whole, in ranges, several at once and through a slow reader.
 */
class TransferTest {

    static final byte[] big = TestSite.bigBytes();

    @RegisterExtension
    static final CamelotExtension server = TestSite.daemon("", "        metadata-ttl: 200ms\n");

    static RawHttp connect(boolean tls) throws Exception {
        return TestSite.connect(server, tls);
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void transfersTenMebibytesByteForByte(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/big.bin");
            assertEquals(200, r.status());
            assertEquals(TestSite.BIG, r.body().length);
            assertEquals(TestSite.sha256(big), TestSite.sha256(r.body()));
            // and again on the same connection
            assertEquals(TestSite.sha256(big), TestSite.sha256(c.get("/big.bin").body()));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void transfersRangesOfALargeFile(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply tail = c.get("/big.bin", "Range: bytes=-1048577");
            assertEquals(206, tail.status());
            assertEquals("bytes " + (TestSite.BIG - 1048577) + "-" + (TestSite.BIG - 1) + "/" + TestSite.BIG,
                    tail.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(big, TestSite.BIG - 1048577, TestSite.BIG), tail.body());

            RawHttp.Reply middle = c.get("/big.bin", "Range: bytes=3000000-7000000");
            assertArrayEquals(Arrays.copyOfRange(big, 3_000_000, 7_000_001), middle.body());

            RawHttp.Reply multi = c.get("/big.bin", "Range: bytes=0-99,5000000-5300000,-10");
            assertEquals(206, multi.status());
            String type = multi.header("Content-Type");
            assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
            List<byte[]> parts = Multiparts.parts(multi.body(), type.substring(type.indexOf('=') + 1));
            assertEquals(3, parts.size());
            assertArrayEquals(Arrays.copyOfRange(big, 0, 100), parts.get(0));
            assertArrayEquals(Arrays.copyOfRange(big, 5_000_000, 5_300_001), parts.get(1));
            assertArrayEquals(Arrays.copyOfRange(big, TestSite.BIG - 10, TestSite.BIG), parts.get(2));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesSeveralLargeTransfersAtOnce(boolean tls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> sums = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sums.add(pool.submit(() -> {
                    try (RawHttp c = connect(tls)) {
                        return TestSite.sha256(c.get("/big.bin").body());
                    }
                }));
            }
            for (Future<String> f : sums) {
                assertEquals(TestSite.sha256(big), f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aSlowReaderGetsEveryByte(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            c.request("GET", "/big.bin");
            Thread.sleep(500); // the server fills the socket buffers and must wait for writability
            RawHttp.Reply r = c.read(false);
            assertEquals(TestSite.sha256(big), TestSite.sha256(r.body()));
        }
    }

    @Test
    void seesAChangedFileOnceTheMetadataTtlHasPassed() throws Exception {
        Path file = TestSite.of(server).root().resolve("changing.txt");
        Files.writeString(file, "first version\n");
        try (RawHttp c = connect(false)) {
            assertEquals("first version\n", c.get("/changing.txt").text());
            Files.writeString(file, "second, longer version\n");
            Thread.sleep(400);
            RawHttp.Reply r = c.get("/changing.txt");
            assertEquals("second, longer version\n", r.text());
            assertEquals(String.valueOf("second, longer version\n".getBytes(StandardCharsets.UTF_8).length),
                    r.header("Content-Length"));
            Files.delete(file);
            Thread.sleep(400);
            assertEquals(404, c.get("/changing.txt").status());
        }
    }
}
