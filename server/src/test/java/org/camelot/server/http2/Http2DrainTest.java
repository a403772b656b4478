package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A graceful shutdown on an HTTP/2 connection: GOAWAY names the last stream the server took, that stream's answer
 * still finishes (here held back by flow control until the client opens its window), then the connection closes.
 * An idle HTTP/2 connection is closed with GOAWAY after the keep-alive timeout.
 */
class Http2DrainTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    @Test
    void goAwayThenTheStreamInFlightFinishesThenClose() throws Exception {
        H2Site site = H2Site.create(daemon.dir());
        RunningServer server = daemon.start(site.yaml(""));
        CompletableFuture<Void> stopping = null;
        try (RawH2 c = new RawH2(server.loopback("web")).preface()) {
            c.request(1, "/big.bin");
            c.flush();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            // the default window lets 65535 bytes through, then the server waits for WINDOW_UPDATE
            while (body.size() < 65_535) {
                RawH2.Frame f = c.read();
                if (f.type() == RawH2.DATA) {
                    body.write(f.payload());
                }
            }
            stopping = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(20)));
            RawH2.Frame goAway = c.untilGoAway();
            assertNotNull(goAway, "GOAWAY on drain");
            assertEquals(0, goAway.errorCode(), "NO_ERROR");
            assertEquals(1, lastStream(goAway), "the last stream taken is 1");
            // a stream opened now is not taken
            c.request(3, "/motto.txt");
            // open the windows: the rest of stream 1 comes
            c.frame(RawH2.WINDOW_UPDATE, 0, 0, RawH2.int32(H2Site.BIG));
            c.frame(RawH2.WINDOW_UPDATE, 0, 1, RawH2.int32(H2Site.BIG));
            c.flush();
            boolean ended = false;
            for (RawH2.Frame f = c.read(); f != null; f = c.read()) {
                assertTrue(f.stream() != 3 || f.type() == RawH2.RST_STREAM, "stream 3 is not answered");
                if (f.type() == RawH2.DATA && f.stream() == 1) {
                    body.write(f.payload());
                    if ((f.flags() & RawH2.END_STREAM) != 0) {
                        ended = true;
                    }
                }
            }
            assertTrue(ended, "stream 1 finished before the close");
            assertArrayEquals(H2Site.big(), body.toByteArray());
            stopping.get(30, TimeUnit.SECONDS);
        } finally {
            if (stopping == null) {
                server.close();
            }
        }
    }

    private static int lastStream(RawH2.Frame goAway) {
        byte[] p = goAway.payload();
        return ((p[0] & 0x7f) << 24) | ((p[1] & 0xff) << 16) | ((p[2] & 0xff) << 8) | (p[3] & 0xff);
    }

    @Test
    void anIdleConnectionGetsGoAwayAfterTheKeepAliveTimeout() throws Exception {
        H2Site site = H2Site.create(daemon.dir());
        try (RunningServer server = daemon.start(site.yaml("    keep-alive-timeout: 1s\n"));
             RawH2 c = new RawH2(server.loopback("web")).preface()) {
            c.request(1, "/motto.txt");
            c.flush();
            c.body(1);
            long start = System.nanoTime();
            RawH2.Frame goAway = c.untilGoAway();
            assertNotNull(goAway);
            assertEquals(0, goAway.errorCode());
            assertTrue(c.closedByServer());
            assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(800), "not before the timeout");
        }
    }
}
