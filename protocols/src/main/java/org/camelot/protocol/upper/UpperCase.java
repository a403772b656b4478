package org.camelot.protocol.upper;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.camelot.protocol.framed.FramedProtocol;
import org.camelot.protocol.framed.Framing;
import org.camelot.protocol.framed.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic first server: each line comes back in upper case, with the line ending it was sent with.
 * Text is UTF-8; bytes that are not valid UTF-8 come back as U+FFFD.
 */
public final class UpperCase implements FramedProtocol {

    private static final Logger log = LoggerFactory.getLogger(UpperCase.class);

    private final Framing framing;
    private final byte[] tooLongLine;

    public UpperCase(UpperSettings settings) {
        this.framing = new Framing((byte) '\n', settings.maxLineLength(), true);
        this.tooLongLine = ("ERROR line too long (max " + settings.maxLineLength() + " bytes)\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Framing framing() {
        return framing;
    }

    @Override
    public Reply answer(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        return Reply.send(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Reply tooLong(String remoteAddress) {
        log.debug("{}: line over {} bytes skipped", remoteAddress, framing.maxLength());
        return Reply.send(tooLongLine);
    }
}
