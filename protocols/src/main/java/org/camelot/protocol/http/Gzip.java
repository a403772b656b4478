package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** The gzip format (RFC 1952) around {@link Deflater}, written straight into Netty buffers. */
final class Gzip {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private long size;
    private boolean headerWritten;

    Gzip(int level) {
        this.deflater = new Deflater(level, true);
    }

    /** Compresses a whole body at once; {@code content} is not released. */
    static ByteBuf compress(ByteBuf content, int level, ByteBufAllocator alloc) {
        Gzip gzip = new Gzip(level);
        ByteBuf out = alloc.buffer(Math.max(64, content.readableBytes() / 3));
        try {
            gzip.header(out);
            gzip.input(content);
            gzip.finish(out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            gzip.end();
        }
    }

    void header(ByteBuf out) {
        if (!headerWritten) {
            out.writeBytes(HEADER);
            headerWritten = true;
        }
    }

    /** Hands {@code in} to the deflater; it must stay readable until {@link #needsInput()}. */
    void input(ByteBuf in) {
        ByteBuffer nio = in.nioBufferCount() == 1 ? in.nioBuffer() : ByteBuffer.wrap(bytes(in));
        crc.update(nio.duplicate());
        size += in.readableBytes();
        deflater.setInput(nio);
    }

    boolean needsInput() {
        return deflater.needsInput();
    }

    /** Deflates what it can into {@code out}'s free space; returns false when {@code out} is full. */
    boolean deflate(ByteBuf out) {
        while (!deflater.needsInput()) {
            if (!out.isWritable()) {
                return false;
            }
            ByteBuffer nio = out.nioBuffer(out.writerIndex(), out.writableBytes());
            int n = deflater.deflate(nio);
            out.writerIndex(out.writerIndex() + n);
        }
        return true;
    }

    /**
     * Writes out everything the deflater holds ({@code SYNC_FLUSH}), growing {@code out} as needed, so that what was
     * put in so far can be decompressed from what was written. Costs a few bytes of compression.
     */
    void flush(ByteBuf out) {
        while (true) {
            out.ensureWritable(4096);
            int room = out.writableBytes();
            ByteBuffer nio = out.nioBuffer(out.writerIndex(), room);
            int n = deflater.deflate(nio, Deflater.SYNC_FLUSH);
            out.writerIndex(out.writerIndex() + n);
            if (n < room) {
                return;
            }
        }
    }

    /** Ends the stream into {@code out}, growing it as needed, and writes the trailer. */
    void finish(ByteBuf out) {
        deflater.finish();
        while (!deflater.finished()) {
            out.ensureWritable(4096);
            ByteBuffer nio = out.nioBuffer(out.writerIndex(), out.writableBytes());
            out.writerIndex(out.writerIndex() + deflater.deflate(nio));
        }
        out.ensureWritable(8);
        out.writeIntLE((int) crc.getValue());
        out.writeIntLE((int) size);
    }

    void end() {
        deflater.end();
    }

    private static byte[] bytes(ByteBuf in) {
        byte[] b = new byte[in.readableBytes()];
        in.getBytes(in.readerIndex(), b);
        return b;
    }
}
