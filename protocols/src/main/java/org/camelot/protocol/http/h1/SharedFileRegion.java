package org.camelot.protocol.http.h1;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A part of a file sent with {@code sendfile}. Unlike its parent it leaves the file open when released, since the
 * parts of a multipart answer share one file, which the answer closes once everything is sent.
 */
final class SharedFileRegion extends DefaultFileRegion {

    SharedFileRegion(FileChannel file, long position, long count) {
        super(file, position, count);
    }

    @Override
    protected void deallocate() {
        // the answer owns the file
    }
}
