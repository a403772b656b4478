package org.camelot.protocol.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.camelot.protocol.framed.FramedHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upper protocol through the shared framed handler: replies gathered per read, UTF-8 text. */
class UpperCaseHandlerTest {

    private final EmbeddedChannel ch = new EmbeddedChannel(new FramedHandler(new UpperCase(new UpperSettings(16))));

    @AfterEach
    void finish() {
        ch.finishAndReleaseAll();
    }

    private void send(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(ch.alloc().directBuffer(b.length).writeBytes(b));
    }

    private List<String> written() {
        List<String> out = new ArrayList<>();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            if (b.isReadable()) {
                out.add(b.toString(StandardCharsets.UTF_8));
            }
            b.release();
        }
        return out;
    }

    @Test
    void answersLinesOfOneReadInOneWrite() {
        send("a\nb\nc\n");
        assertEquals(List.of("A\nB\nC\n"), written());
    }

    @Test
    void upperCasesUtf8Text() {
        send("straße é\n");
        assertEquals(List.of("STRASSE É\n"), written());
    }
}
