package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.slf4j.LoggerFactory;

/** What an answer carries after its head. The listener owns it and frees it exactly once with {@link #discard}. */
public sealed interface Body {

    Body EMPTY = new Empty();

    /** The length in bytes, or -1 when it is known only at the end. */
    long length();

    /** Frees what the body holds without sending it. */
    void discard();

    record Empty() implements Body {
        @Override
        public long length() {
            return 0;
        }

        @Override
        public void discard() {
        }
    }

    record Bytes(ByteBuf content) implements Body {
        @Override
        public long length() {
            return content.readableBytes();
        }

        @Override
        public void discard() {
            Response.release(content);
        }
    }

    record File(FileChannel channel, long position, long count) implements Body {
        @Override
        public long length() {
            return count;
        }

        @Override
        public void discard() {
            try {
                channel.close();
            } catch (IOException e) {
                LoggerFactory.getLogger(Body.class).debug("closing a file", e);
            }
        }
    }

    record Stream(ChunkedInput<ByteBuf> input) implements Body {
        @Override
        public long length() {
            return input.length() < 0 ? -1 : input.length();
        }

        @Override
        public void discard() {
            try {
                input.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Body.class).debug("closing a stream", e);
            }
        }
    }
}
