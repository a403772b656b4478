package org.camelot.protocol.birds;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The whole-survey answers gzipped once at start-up at the best compression level, as nginx's {@code gzip_static}
 * serves a precompressed file: the largest answers are also the most costly to compress per request.
 */
final class CompressedWhole implements AutoCloseable {

    private final ByteBuf json;
    private final ByteBuf csv;

    private CompressedWhole(ByteBuf json, ByteBuf csv) {
        this.json = json;
        this.csv = csv;
    }

    static CompressedWhole of(EncodedRows json, EncodedRows csv) throws IOException {
        return new CompressedWhole(gzip(json.bytes()), gzip(csv.bytes()));
    }

    private static ByteBuf gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(content);
        }
        byte[] compressed = out.toByteArray();
        return Unpooled.directBuffer(compressed.length).writeBytes(compressed);
    }

    /** The gzipped whole answer in one format, as a new reference the caller releases. */
    ByteBuf get(boolean csvFormat) {
        return (csvFormat ? csv : json).retainedDuplicate();
    }

    @Override
    public void close() {
        json.release();
        csv.release();
    }
}
