package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.stream.ChunkedInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipTest {

    private static byte[] text(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("{\"loc_id\":\"L").append(i).append("\",\"num\":").append(i % 7).append(".0}\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static byte[] drain(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    @Test
    void compressesAWholeBody() throws IOException {
        byte[] original = text(5000);
        ByteBuf in = Unpooled.wrappedBuffer(original);
        byte[] gz = drain(Gzip.compress(in, 6, ByteBufAllocator.DEFAULT));
        in.release();
        assertTrue(gz.length < original.length / 3);
        assertArrayEquals(original, gunzip(gz));
    }

    @Test
    void compressesAnEmptyBody() throws IOException {
        ByteBuf in = Unpooled.EMPTY_BUFFER;
        assertArrayEquals(new byte[0], gunzip(drain(Gzip.compress(in, 1, ByteBufAllocator.DEFAULT))));
    }

    @Test
    void compressesAStreamChunkByChunk() throws Exception {
        byte[] original = text(20_000);
        ChunkedInput<ByteBuf> source = new io.netty.handler.stream.ChunkedStream(
                new ByteArrayInputStream(original), 3000);
        GzipInput gzip = new GzipInput(source, 6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunks = 0;
        while (!gzip.isEndOfInput()) {
            ByteBuf chunk = gzip.readChunk(ByteBufAllocator.DEFAULT);
            if (chunk != null) {
                out.write(drain(chunk));
                chunks++;
            }
        }
        assertNull(gzip.readChunk(ByteBufAllocator.DEFAULT));
        gzip.close();
        assertTrue(chunks > 1, "streamed in several chunks");
        assertArrayEquals(original, gunzip(out.toByteArray()));
    }

    @Test
    void compressesAVeryCompressibleStreamAFewChunksAtATime() throws Exception {
        byte[] original = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(original, (byte) 'a');
        int[] reads = {0};
        ChunkedInput<ByteBuf> source = new io.netty.handler.stream.ChunkedStream(
                new ByteArrayInputStream(original), 8192) {
            @Override
            public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
                reads[0]++;
                return super.readChunk(allocator);
            }
        };
        GzipInput gzip = new GzipInput(source, 6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int calls = 0;
        while (!gzip.isEndOfInput()) {
            int before = reads[0];
            ByteBuf chunk = gzip.readChunk(ByteBufAllocator.DEFAULT);
            calls++;
            assertTrue(reads[0] - before <= 8, "one call compresses a bounded part of the stream, not all of it");
            if (chunk != null) {
                out.write(drain(chunk));
            }
        }
        gzip.close();
        assertTrue(calls > 20, "2 MiB of one byte went out in many pieces: " + calls);
        assertArrayEquals(original, gunzip(out.toByteArray()));
    }
}
