package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigException;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks on HTTP/2 servers that nginx and Netty fixed after they were seen in the wild, each sent by a raw
 * client: the server answers each with the right protocol error or a close, stays up, and holds bounded memory.
 * After each test a well-behaved request must still be answered.
 */
class Http2ProtectionTest {

    @RegisterExtension
    static final CamelotExtension server =
            CamelotExtension.yaml(d -> H2Site.create(d.dir(), false, d.pki()).yaml("    idle-timeout: 3s\n"));

    private static RawH2 connect() throws Exception {
        return new RawH2(server.loopback("web")).preface();
    }

    private static RawH2 connectSlowReader() throws Exception {
        return new RawH2(server.loopback("web"), 4096).preface();
    }

    @AfterEach
    void serverStillAnswers() throws Exception {
        try (RawH2 c = connect()) {
            c.request(1, "/motto.txt");
            c.flush();
            assertArrayEquals(H2Site.MOTTO.getBytes(StandardCharsets.US_ASCII), c.body(1));
        }
    }

    @Test
    void rapidResetGetsGoAwayEnhanceYourCalm() throws Exception {
        // CVE-2023-44487: open a stream and cancel it at once, again and again
        try (RawH2 c = connect()) {
            byte[] block = c.get("/motto.txt");
            for (int i = 0; i < 1000; i++) {
                int stream = 1 + 2 * i;
                c.frame(RawH2.HEADERS, RawH2.END_HEADERS | RawH2.END_STREAM, stream, block);
                c.frame(RawH2.RST_STREAM, 0, stream, RawH2.int32(8));
            }
            c.flush();
            RawH2.Frame goAway = c.untilGoAway();
            assertNotNull(goAway, "GOAWAY before the close");
            assertEquals(RawH2.ENHANCE_YOUR_CALM, goAway.errorCode());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void provokedResetsGetGoAwayEnhanceYourCalm() throws Exception {
        // MadeYouReset (CVE-2025-8671): streams the client makes the server reset, here with a WINDOW_UPDATE of 0
        // (a stream error, RFC 9113 6.9), rather than resetting them itself
        try (RawH2 c = connect()) {
            byte[] block = c.get("/motto.txt");
            for (int i = 0; i < 1000; i++) {
                int stream = 1 + 2 * i;
                c.frame(RawH2.HEADERS, RawH2.END_HEADERS, stream, block);
                c.frame(RawH2.WINDOW_UPDATE, 0, stream, RawH2.int32(0));
            }
            c.flush();
            int resets = 0;
            RawH2.Frame goAway = null;
            try {
                for (RawH2.Frame f = c.read(); f != null && goAway == null; f = c.read()) {
                    if (f.type() == RawH2.RST_STREAM) {
                        resets++;
                    } else if (f.type() == RawH2.GOAWAY) {
                        goAway = f;
                    }
                }
            } catch (java.net.SocketException e) {
                // reset by the server's close
            }
            assertNotNull(goAway, "GOAWAY after " + resets + " resets");
            assertEquals(RawH2.ENHANCE_YOUR_CALM, goAway.errorCode());
            assertTrue(resets <= 201, resets + " resets sent");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void continuationFloodEndsTheConnection() throws Exception {
        // CVE-2024-27316 and kin: a header block that never ends, sent as endless CONTINUATION frames
        try (RawH2 c = connect()) {
            byte[] junk = new byte[1024];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = 0x40; // literal with indexing, new name: never completes a field here
            }
            c.frame(RawH2.HEADERS, 0, 1, c.get("/motto.txt"));
            boolean refused = false;
            try {
                for (int i = 0; i < 10_000; i++) {
                    c.frame(RawH2.CONTINUATION, 0, 1, junk);
                }
                c.flush();
            } catch (IOException e) {
                refused = true; // the server closed while we were still sending
            }
            RawH2.Frame goAway = refused ? null : c.untilGoAway();
            assertTrue(refused || goAway != null, "GOAWAY or a close long before 10 MB of header block");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void hpackBombIsRefusedWithinTheHeaderListLimit() throws Exception {
        // a 3000-byte field put in the dynamic table once, then referenced by one byte 300 times: ~1 MB decoded
        try (RawH2 c = connect()) {
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.write(0x82); // :method GET
            block.write(0x86); // :scheme http
            block.write(0x84); // :path /
            block.write(0x40); // literal with incremental indexing, new name
            byte[] name = "x-bomb".getBytes(StandardCharsets.US_ASCII);
            block.write(name.length);
            block.write(name);
            int length = 3000; // 7-bit prefix integer: 127, then (3000 - 127) in 7-bit groups
            block.write(0x7f);
            int rest = length - 127;
            while (rest >= 128) {
                block.write((rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
            block.write(rest);
            block.write("b".repeat(length).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 300; i++) {
                block.write(0x80 | 62); // the first dynamic table entry
            }
            c.frame(RawH2.HEADERS, RawH2.END_HEADERS | RawH2.END_STREAM, 1, block.toByteArray());
            c.flush();
            RawH2.Frame f = c.read();
            while (f != null && f.type() != RawH2.HEADERS && f.type() != RawH2.RST_STREAM
                    && f.type() != RawH2.GOAWAY) {
                f = c.read();
            }
            assertNotNull(f, "an answer to the bomb");
            if (f.type() == RawH2.HEADERS) {
                // Netty answers a block past the limit with 431 (:status 431 is static-table literal "431")
                assertTrue(new String(f.payload(), StandardCharsets.ISO_8859_1).contains("431"),
                        "431 Request Header Fields Too Large");
            }
        }
    }

    @Test
    void windowUpdateFloodAndOverflowGetFlowControlError() throws Exception {
        try (RawH2 c = connect()) {
            // a flood of tiny, legal increments costs the server nothing but reading them
            byte[] one = RawH2.int32(1);
            for (int i = 0; i < 50_000; i++) {
                c.frame(RawH2.WINDOW_UPDATE, 0, 0, one);
            }
            c.request(1, "/motto.txt");
            c.flush();
            assertArrayEquals(H2Site.MOTTO.getBytes(StandardCharsets.US_ASCII), c.body(1));
            // past 2^31 - 1 it is a connection error
            byte[] big = RawH2.int32(0x7fffffffL);
            c.frame(RawH2.WINDOW_UPDATE, 0, 0, big);
            c.frame(RawH2.WINDOW_UPDATE, 0, 0, big);
            c.flush();
            RawH2.Frame goAway = c.untilGoAway();
            assertNotNull(goAway);
            assertEquals(RawH2.FLOW_CONTROL_ERROR, goAway.errorCode());
        }
    }

    /** The listener's default {@code http2-max-control-frames}. */
    private static final int CONTROL_FRAMES = 1000;

    /**
     * Floods the server with {@code type} frames, each of which it must acknowledge, 400,000 of them, while reading
     * what comes back: past the control frame budget the server must answer GOAWAY ENHANCE_YOUR_CALM and close,
     * having acknowledged no more than the budget allows (the budget, plus what refilled while the flood ran).
     */
    private static void floodIsCut(int type, byte[] payload) throws Exception {
        int batches = 400;
        try (RawH2 c = connect()) {
            byte[] one = RawH2.header(type, 0, 0, payload.length);
            int size = one.length + payload.length;
            byte[] batch = new byte[size * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(one, 0, batch, i * size, one.length);
                System.arraycopy(payload, 0, batch, i * size + one.length, payload.length);
            }
            long start = System.nanoTime();
            OutputStream out = c.socket().getOutputStream();
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < batches; i++) {
                        out.write(batch);
                    }
                    out.flush();
                } catch (IOException e) {
                    // closed by the server mid-flood
                }
            });
            int acks = 0;
            RawH2.Frame goAway = null;
            try {
                for (RawH2.Frame f = c.read(); f != null && goAway == null; f = c.read()) {
                    if (f.type() == type && (f.flags() & 1) != 0) {
                        acks++;
                    } else if (f.type() == RawH2.GOAWAY) {
                        goAway = f;
                    }
                }
            } catch (java.net.SocketException e) {
                // reset by the server's close
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + 1;
            assertNotNull(goAway, "GOAWAY after " + acks + " acknowledgements");
            assertEquals(RawH2.ENHANCE_YOUR_CALM, goAway.errorCode());
            // the one that went past the budget is acknowledged too (the codec does so before the budget sees it)
            long allowed = CONTROL_FRAMES + 1 + seconds * CONTROL_FRAMES / 10;
            assertTrue(acks <= allowed, acks + " acknowledgements in " + seconds + " s, at most " + allowed);
            assertTrue(acks >= CONTROL_FRAMES, "the budget itself is granted: " + acks);
            assertTrue(c.closedByServer());
            flood.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void settingsFloodGetsGoAwayEnhanceYourCalm() throws Exception {
        floodIsCut(RawH2.SETTINGS, new byte[0]);
    }

    @Test
    void pingFloodGetsGoAwayEnhanceYourCalm() throws Exception {
        floodIsCut(RawH2.PING, new byte[8]);
    }

    @Test
    void theBudgetRefillsWithTime() throws Exception {
        try (RawH2 c = connect()) {
            // the preface's SETTINGS took one token: these take the rest
            pingAndRead(c, CONTROL_FRAMES - 1);
            // a tenth of the budget comes back each second: after 1.5 s there are at least 150 tokens
            Thread.sleep(1500);
            pingAndRead(c, CONTROL_FRAMES / 10);
        }
    }

    /** Sends {@code n} PINGs and reads their acknowledgements; fails on a GOAWAY. */
    private static void pingAndRead(RawH2 c, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            c.frame(RawH2.PING, 0, 0, new byte[8]);
        }
        c.flush();
        int acks = 0;
        while (acks < n) {
            RawH2.Frame f = c.read();
            assertNotNull(f, "closed after " + acks + " acknowledgements");
            assertTrue(f.type() != RawH2.GOAWAY, "GOAWAY after " + acks + " acknowledgements");
            if (f.type() == RawH2.PING) {
                acks++;
            }
        }
    }

    @Test
    void aClientThatPingsWithEveryAnswerIsNoFlood() throws Exception {
        // one and a half times the budget of PINGs, one with each request as a keep-alive or bandwidth probe: each
        // answer's frames give back more than the ping takes
        try (RawH2 c = connect()) {
            // the largest connection window, so that 1500 answers never wait for a WINDOW_UPDATE
            c.frame(RawH2.WINDOW_UPDATE, 0, 0, RawH2.int32(0x7fffffffL - 65535));
            for (int i = 0; i < 3 * CONTROL_FRAMES / 2; i++) {
                int stream = 1 + 2 * i;
                c.request(stream, "/motto.txt");
                c.frame(RawH2.PING, 0, 0, new byte[8]);
                c.flush();
                assertArrayEquals(H2Site.MOTTO.getBytes(StandardCharsets.US_ASCII), c.body(stream));
            }
            c.frame(RawH2.PING, 0, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            c.flush();
            RawH2.Frame f = c.read();
            while (f != null && !(f.type() == RawH2.PING && f.payload()[0] == 1)) {
                assertTrue(f.type() != RawH2.GOAWAY, "no GOAWAY for a client that pings with its requests");
                f = c.read();
            }
            assertNotNull(f, "the last PING acknowledged");
        }
    }

    @Test
    void aControlFrameBudgetOutOfRangeIsAConfigError(@TempDir Path other) throws Exception {
        String yaml = H2Site.create(other).yaml("    http2-max-control-frames: 5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> RunningServer.start(other, yaml).close());
        assertTrue(e.getMessage().contains("listeners.web.http2-max-control-frames: 5 (expected: an integer from 10 to"),
                e.getMessage());
    }

    @Test
    void aClientThatNeverReadsHoldsBoundedMemoryAndTimesOut() throws Exception {
        long before = usedDirectMemory();
        try (RawH2 c = connectSlowReader()) {
            // the biggest windows allowed, so that only the socket holds the server back
            c.frame(RawH2.SETTINGS, 0, 0, new byte[] {0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            c.frame(RawH2.WINDOW_UPDATE, 0, 0, RawH2.int32(0x7fffffffL - 65535));
            for (int i = 0; i < 50; i++) {
                c.request(1 + 2 * i, "/big.bin"); // 50 streams of 3 MB: 150 MB if the server buffered them
            }
            c.flush();
            Thread.sleep(1500);
            long held = usedDirectMemory() - before;
            assertTrue(held < 48L * 1024 * 1024, "held " + held + " bytes for a client that reads nothing");
            // the listener's idle timeout (3s) passes with nothing read and nothing written
            Thread.sleep(5000);
            long received = c.drain();
            assertTrue(received < 48L * 1024 * 1024, "closed after " + received + " bytes, not 150 MB later");
        }
    }

    private static long usedDirectMemory() {
        return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory() : 0;
    }
}
