package org.camelot.client.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Passes on every byte read, for {@code --raw}. */
final class TeeInputStream extends FilterInputStream {

    private final OutputStream copy;

    TeeInputStream(InputStream in, OutputStream copy) {
        super(in);
        this.copy = copy;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            copy.write(c);
        }
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            copy.write(b, off, n);
        }
        return n;
    }
}
