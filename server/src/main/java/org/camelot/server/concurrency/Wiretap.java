package org.camelot.server.concurrency;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every byte a blocking connection reads and writes, in the same logger and format as the event-loop wiretap. */
final class Wiretap {

    private final Logger log;

    Wiretap(String listener) {
        this.log = LoggerFactory.getLogger("camelot.wiretap." + listener);
    }

    void read(String remote, byte[] bytes, int length) {
        dump("READ", remote, bytes, length);
    }

    void write(String remote, byte[] bytes, int length) {
        dump("WRITE", remote, bytes, length);
    }

    private void dump(String what, String remote, byte[] bytes, int length) {
        if (log.isInfoEnabled()) {
            log.info("[{}] {}: {}B\n{}", remote, what, length,
                    ByteBufUtil.prettyHexDump(Unpooled.wrappedBuffer(bytes, 0, length)));
        }
    }
}
