package org.camelot.protocol.birds;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-survey answers (JSON and CSV) kept in unlinked temporary files, so that a cleartext HTTP/1.1 connection
 * sends the largest answers with {@code sendfile} from the page cache, as nginx sends a static file (and as its
 * {@code proxy_cache} keeps a cached answer in a file), instead of copying them from a buffer into the socket. The
 * files are written once when a route first asks and unlinked at once, so nothing is left behind however the
 * process ends; each request opens its own descriptor of the file through {@code /proc/self/fd} (the listener closes
 * it once the answer is out), while the descriptor held here keeps the file alive as long as the survey. They are
 * written in {@code java.io.tmpdir}: on a disk file system the page cache holds them in large folios, which
 * {@code sendfile} hands to the socket with less work per byte than {@code tmpfs}'s small pages (measured; see
 * docs/benchmarks.md). Where {@code /proc/self/fd} is missing (not Linux) there are no files and answers are sent
 * from memory.
 */
final class WholeFiles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WholeFiles.class);
    
    private static final Path OWN_DESCRIPTORS = Path.of("/proc/self/fd");

    /** One answer: the descriptor that keeps the unlinked file, and the path that opens it again. */
    private record Held(FileChannel channel, Path reopen, long length) {
    }

    private final Held json;
    private final Held csv;
    /** Guarded by this: once closed, a descriptor number held here may lead to another file, so none is opened. */
    private boolean closed;

    private WholeFiles(Held json, Held csv) {
        this.json = json;
        this.csv = csv;
    }

    /** The files of both whole answers, or {@code null} when this system cannot keep them. */
    static WholeFiles of(EncodedRows json, EncodedRows csv) {
        if (!Files.isDirectory(OWN_DESCRIPTORS)) {
            return null;
        }
        Held j = null;
        try {
            j = hold(json.bytes());
            return new WholeFiles(j, hold(csv.bytes()));
        } catch (IOException | RuntimeException e) {
            log.debug("whole answers stay in memory only", e);
            if (j != null) {
                close(j.channel);
            }
            return null;
        }
    }

    /** Writes {@code content} to a new file, opens it, unlinks it, and finds the descriptor that reopens it. */
    private static Held hold(byte[] content) throws IOException {
        // createTempFile makes the file readable and writable by the owner only.
        Path file = Files.createTempFile("camelot-birds-", ".answer");
        FileChannel channel = null;
        try {
            Files.write(file, content);
            channel = FileChannel.open(file, StandardOpenOption.READ);
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            Files.delete(file);
            Path reopen = descriptorOf(Objects.requireNonNull(key, "no file key"));
            if (reopen == null || channel.size() != content.length) {
                throw new IOException("cannot find the descriptor of " + file + " in " + OWN_DESCRIPTORS);
            }
            return new Held(channel, reopen, content.length);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            if (channel != null) {
                close(channel);
            }
            throw e;
        }
    }

    /** The entry of {@code /proc/self/fd} that leads to the file with this key (device and inode). */
    private static Path descriptorOf(Object key) throws IOException {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(OWN_DESCRIPTORS)) {
            for (Path fd : fds) {
                try {
                    if (key.equals(Files.readAttributes(fd, BasicFileAttributes.class).fileKey())) {
                        return fd;
                    }
                } catch (IOException e) {
                    // a descriptor closed meanwhile, or one that leads nowhere stat-able
                }
            }
        }
        return null;
    }

    /**
     * A new descriptor of the whole answer in one format, positioned nowhere in particular (a file body is sent by
     * position), which the caller closes; {@code null} when it cannot be opened now (out of descriptors, say).
     */
    synchronized FileChannel open(boolean csvFormat) {
        if (closed) {
            return null;
        }
        try {
            return FileChannel.open((csvFormat ? csv : json).reopen, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            log.debug("whole answer sent from memory", e);
            return null;
        }
    }

    /** The length of the whole answer in one format. */
    long length(boolean csvFormat) {
        return (csvFormat ? csv : json).length;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        close(json.channel);
        close(csv.channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a whole-answer file", e);
        }
    }
}
