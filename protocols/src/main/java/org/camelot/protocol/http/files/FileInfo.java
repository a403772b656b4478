package org.camelot.protocol.http.files;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What a look at one path found, as the route serves it: everything in it comes from one opening of
 * the file.
 *
 * @param kind      what is there
 * @param fileKey   what tells the file looked at from another (device and inode), to check that a file opened
 *                  later is still that one
 * @param size      the length in bytes
 * @param modified  the modification time, in milliseconds since the epoch
 * @param etag      the entity tag, as nginx makes it: {@code "<mtime hex>-<size hex>"}
 * @param headers   the ready-made answer headers (content type, encoding, cache control, vary), read-only
 * @param content   the file's bytes when it is small enough to be kept in memory (never released), else
 *                  {@code null}
 * @param sidecars  for a file: which precompressed variants lie beside it ({@link #GZIP}, {@link #BROTLI} bits)
 * @param checkedAt when the look was taken ({@link System#nanoTime()})
 */
record FileInfo(Kind kind, Object fileKey, long size, long modified, String etag, HttpHeaders headers, ByteBuf content,
                int sidecars, long checkedAt) {

    static final int GZIP = 1;
    static final int BROTLI = 2;

    enum Kind {
        /** Nothing there (404). */
        MISSING,
        /** A regular, readable file. */
        FILE,
        /** A directory. */
        DIRECTORY,
        /** Something not to serve (403): unreadable, not a regular file, or reached through a link out of the root. */
        FORBIDDEN
    }

    static FileInfo of(Kind kind, long checkedAt) {
        return new FileInfo(kind, null, 0, 0, null, null, null, 0, checkedAt);
    }

    long weight() {
        return content == null ? 0 : content.capacity();
    }
}
