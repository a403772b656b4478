package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Random;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several streams answered at once, each with a body from the memory cache queued whole, share the connection in
 * whole DATA frames (16 KiB, the client's default maximum frame size), not in the small pieces Netty's flow
 * controller cuts by default when many streams have data to send.
 */
class Http2FrameSizeTest {

    private static final int STREAMS = 40;
    private static final int MAX_FRAME = 16 * 1024;

    /** Under the files route's memory cache (64 KiB), so that each answer's whole body is queued at once. */
    private static final int SIZE = 60_000;
    private static final byte[] CACHED = new byte[SIZE];

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        H2Site site = H2Site.create(d.dir(), false, d.pki());
        new Random(11).nextBytes(CACHED);
        Files.write(site.root().resolve("cached.bin"), CACHED);
        return site.yaml("");
    });

    @Test
    void streamsSentTogetherGetFullFrames() throws Exception {
        // a small receive buffer and a pause before reading: the socket fills, and the streams' answers wait in the
        // flow controller together, to be shared out once it takes more
        try (RawH2 c = new RawH2(server.loopback("web"), 4096)) {
            c.preface();
            // windows as large as allowed, so that flow control does not cut the frames short
            c.frame(RawH2.SETTINGS, 0, 0, new byte[] {0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            c.frame(RawH2.WINDOW_UPDATE, 0, 0, RawH2.int32(0x7fffffffL - 65535));
            for (int i = 0; i < STREAMS; i++) {
                c.request(1 + 2 * i, "/cached.bin");
            }
            c.flush();
            Thread.sleep(500);
            ByteArrayOutputStream[] bodies = new ByteArrayOutputStream[STREAMS];
            int open = STREAMS;
            int frames = 0;
            while (open > 0) {
                RawH2.Frame f = c.read();
                assertNotNull(f, "the connection ended with " + open + " answers unfinished");
                assertTrue(f.type() != RawH2.GOAWAY && f.type() != RawH2.RST_STREAM, "frame type " + f.type());
                int i = (f.stream() - 1) / 2;
                if (f.type() == RawH2.DATA) {
                    frames++;
                    assertTrue(f.payload().length <= MAX_FRAME, "a DATA frame of " + f.payload().length + " bytes");
                    if (bodies[i] == null) {
                        bodies[i] = new ByteArrayOutputStream();
                    }
                    bodies[i].write(f.payload());
                }
                if ((f.type() == RawH2.DATA || f.type() == RawH2.HEADERS) && (f.flags() & RawH2.END_STREAM) != 0) {
                    open--;
                }
            }
            for (ByteArrayOutputStream b : bodies) {
                assertArrayEquals(CACHED, b.toByteArray());
            }
            int fewest = STREAMS * ((SIZE + MAX_FRAME - 1) / MAX_FRAME);
            // Netty's default share (1 KiB per stream per turn) made 605 here, whole frames about 200 (a stream's
            // turn can still end where the socket stops taking more)
            assertTrue(frames <= 2 * fewest, frames + " DATA frames for " + STREAMS
                    + " answers that fit in " + fewest);
        }
    }
}
