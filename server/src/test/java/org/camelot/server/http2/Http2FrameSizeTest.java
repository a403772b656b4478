package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several streams answered at once share the connection in whole DATA frames (16 KiB, the client's default maximum
 * frame size), not in the small pieces Netty's flow controller cuts by default when many streams have data to send.
 */
class Http2FrameSizeTest {

    private static final int STREAMS = 10;
    private static final int MAX_FRAME = 16 * 1024;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> H2Site.create(d.dir(), false, d.pki()).yaml(""));

    @Test
    void streamsSentTogetherGetFullFrames() throws Exception {
        byte[] big = H2Site.big();
        try (RawH2 c = new RawH2(server.loopback("web"))) {
            c.preface();
            // windows as large as allowed, so that flow control does not cut the frames short
            c.frame(RawH2.SETTINGS, 0, 0, new byte[] {0, 4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            c.frame(RawH2.WINDOW_UPDATE, 0, 0, RawH2.int32(0x7fffffffL - 65535));
            for (int i = 0; i < STREAMS; i++) {
                c.request(1 + 2 * i, "/big.bin");
            }
            c.flush();
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
                assertArrayEquals(big, b.toByteArray());
            }
            int fewest = STREAMS * ((H2Site.BIG + MAX_FRAME - 1) / MAX_FRAME);
            // Netty's default share (1 KiB per stream per turn) made about 16 times as many
            assertTrue(frames <= fewest + fewest / 10, frames + " DATA frames for " + STREAMS
                    + " answers that fit in " + fewest);
        }
    }
}
