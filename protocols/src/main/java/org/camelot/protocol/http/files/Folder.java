package org.camelot.protocol.http.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory that {@link RootDirectory} opened: its entries, and their attributes looked at without following a
 * link. Closing it closes what it holds.
 */
sealed interface Folder extends Closeable {

    /** The attributes of the entry {@code name} (one path component), links not followed. */
    BasicFileAttributes attributes(String name) throws IOException;

    /** The entries, for one pass; the folder closes the stream. */
    DirectoryStream<Path> entries() throws IOException;

    @Override
    void close();

    /** A directory held by its descriptor: every look is relative to it (fstatat), whatever is renamed meanwhile. */
    record Held(SecureDirectoryStream<Path> stream) implements Folder {

        @Override
        public BasicFileAttributes attributes(String name) throws IOException {
            return stream.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }

        @Override
        public DirectoryStream<Path> entries() {
            return stream;
        }

        @Override
        public void close() {
            RootDirectory.closeQuietly(stream);
        }
    }

    /**
     * A directory named by its path, reached through a link out of the root that the route allows
     * ({@code follow-symlinks-outside-root}); there is nothing to confine it to.
     */
    final class Named implements Folder {

        private final Path path;
        private DirectoryStream<Path> stream;

        Named(Path path) {
            this.path = path;
        }

        @Override
        public BasicFileAttributes attributes(String name) throws IOException {
            return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public DirectoryStream<Path> entries() throws IOException {
            if (stream == null) {
                stream = Files.newDirectoryStream(path);
            }
            return stream;
        }

        @Override
        public void close() {
            RootDirectory.closeQuietly(stream);
        }
    }
}
