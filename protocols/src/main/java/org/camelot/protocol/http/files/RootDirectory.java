package org.camelot.protocol.http.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory a files route serves, and the only way the route reaches what lies below it. A path is resolved one
 * component at a time from a descriptor of the root: each directory is opened relative to the one before it without
 * following a link ({@code openat} with {@code O_NOFOLLOW}, as nginx's {@code disable_symlinks} does), so looking
 * and opening are one step, and a directory swapped for a link while a request is resolved cannot lead it out of
 * the root. A link met on the way is read and its target resolved the same way, from the root: it is followed only
 * when it stays inside the root (or the route allows links out of it), and not at all when the route follows no
 * links. A file's size is read from the descriptor it is served from.
 *
 * <p>Every method blocks: call them on the blocking executor.
 */
final class RootDirectory {

    private static final Logger log = LoggerFactory.getLogger(RootDirectory.class);

    /** Links followed in one resolution, as Linux's {@code MAXSYMLINKS}: more is a loop. */
    static final int MAX_LINKS = 40;
    /** Components looked at in one resolution, however links nest: more is refused. */
    static final int MAX_STEPS = 4096;
    /** Resolutions tried when the file is replaced between being looked at and being opened. */
    private static final int ATTEMPTS = 3;
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path root;
    private final boolean followSymlinks;
    private final boolean followOutside;

    /**
     * @param root           the root's real path (absolute, no link in it)
     * @param followSymlinks whether links are followed at all
     * @param followOutside  whether a link may lead out of the root
     */
    RootDirectory(Path root, boolean followSymlinks, boolean followOutside) {
        this.root = root;
        this.followSymlinks = followSymlinks;
        this.followOutside = followOutside;
    }

    /** Whether the file system of {@code dir} can open files relative to a directory's descriptor. */
    static boolean supported(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return s instanceof SecureDirectoryStream;
        }
    }

    /**
     * Resolves and opens a route path ({@code ""} for the root, else {@code /a/b}, whose segments are neither empty,
     * {@code .} nor {@code ..}). The caller closes what it gets.
     */
    OpenedPath open(String relative) {
        List<String> names = relative.isEmpty() ? List.of() : List.of(relative.substring(1).split("/", -1));
        for (int attempt = 1; ; attempt++) {
            try (Walk walk = new Walk(names)) {
                return walk.run();
            } catch (Changed e) {
                if (attempt == ATTEMPTS) {
                    log.debug("{}{}: replaced while opened, {} times", root, relative, ATTEMPTS);
                    return OpenedPath.missing();
                }
            } catch (NoSuchFileException | NotDirectoryException | InvalidPathException e) {
                return OpenedPath.missing();
            } catch (AccessDeniedException e) {
                return OpenedPath.forbidden();
            } catch (IOException e) {
                // among others ELOOP: a link where a directory or a file was a moment before
                log.debug("{}{}: {}", root, relative, e.toString());
                return OpenedPath.forbidden();
            }
        }
    }

    /** The file was replaced between being looked at and being opened: look again. */
    private static final class Changed extends IOException {
        Changed() {
            super("replaced while opened");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** One resolution: the components still to walk, the directory reached, and the names leading to it. */
    private final class Walk implements AutoCloseable {

        private final Deque<String> pending;
        private final List<String> at = new ArrayList<>();
        private SecureDirectoryStream<Path> dir;
        private int links;
        private int steps;

        Walk(List<String> names) {
            this.pending = new ArrayDeque<>(names);
        }

        OpenedPath run() throws IOException {
            dir = openRoot();
            while (!pending.isEmpty()) {
                if (++steps > MAX_STEPS) {
                    log.debug("{}: more than {} components to resolve", root, MAX_STEPS);
                    return OpenedPath.forbidden();
                }
                String name = pending.pollFirst();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    if (at.isEmpty()) {
                        // above the root: only a link's target gets here
                        OpenedPath out = root.getParent() == null ? null : climb(root.getParent());
                        if (out != null) {
                            return out;
                        }
                        continue;
                    }
                    // the parent as the root's descriptor reaches it now, never ".." of a directory that may
                    // have been moved out of the root meanwhile
                    at.remove(at.size() - 1);
                    reopen();
                    continue;
                }
                Path p = Path.of(name);
                BasicFileAttributes a = attributes(p);
                if (a.isSymbolicLink()) {
                    if (!followSymlinks) {
                        return refused(name);
                    }
                    if (++links > MAX_LINKS) {
                        return refused(name);
                    }
                    OpenedPath out = follow(name);
                    if (out != null) {
                        return out;
                    }
                    continue;
                }
                if (!pending.isEmpty() || a.isDirectory()) {
                    SecureDirectoryStream<Path> next = dir.newDirectoryStream(p, LinkOption.NOFOLLOW_LINKS);
                    closeQuietly(dir);
                    dir = next;
                    at.add(name);
                    continue;
                }
                if (!a.isRegularFile()) {
                    // a FIFO, a device or a socket is not opened at all
                    return OpenedPath.forbidden();
                }
                return file(p, name, a);
            }
            BasicFileAttributes self = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
            OpenedPath found = OpenedPath.directory(new Folder.Held(dir), self.lastModifiedTime().toMillis(),
                    self.fileKey());
            dir = null;
            return found;
        }

        /** Opens the last component, a regular file when looked at, and checks that it is still that file. */
        private OpenedPath file(Path p, String name, BasicFileAttributes before) throws IOException {
            FileChannel channel = (FileChannel) dir.newByteChannel(p, READ);
            try {
                BasicFileAttributes after = attributes(p);
                // the same device and inode at that name before and after the open: the file opened is that one
                if (!after.isRegularFile() || before.fileKey() == null
                        || !before.fileKey().equals(after.fileKey())) {
                    throw new Changed();
                }
                OpenedPath found = OpenedPath.file(channel, new Folder.Held(dir), name, channel.size(),
                        after.lastModifiedTime().toMillis(), after.fileKey());
                channel = null;
                dir = null;
                return found;
            } finally {
                closeQuietly(channel);
            }
        }

        /**
         * Puts a link's target in place of the link: {@code null} to walk on, or the end of the walk. The link's
         * text is read by its path, so a concurrent swap can make it another link's text; that is harmless, since
         * the text is only ever resolved like any other, from the root's descriptor.
         */
        private OpenedPath follow(String name) throws IOException {
            Path target = Files.readSymbolicLink(here().resolve(name));
            String text = target.toString();
            String[] parts = text.split("/", -1);
            for (int i = parts.length - 1; i >= 0; i--) {
                pending.addFirst(parts[i]);
            }
            return target.isAbsolute() ? climb(target.getRoot()) : null;
        }

        /**
         * Follows a link's target from {@code position}, one of the root's ancestors, which it has reached by
         * {@code ..} or by being absolute: while it walks only the root's own ancestors (real directories, the
         * operator's, named by the root's real path) it may come back down to the root and walk on from there; once
         * it turns elsewhere it has left the root. Returns {@code null} to walk on from the root.
         */
        private OpenedPath climb(Path position) throws IOException {
            Path place = position;
            while (!place.equals(root) && root.startsWith(place) && !pending.isEmpty()) {
                if (++steps > MAX_STEPS) {
                    return OpenedPath.forbidden();
                }
                String name = pending.pollFirst();
                if (name.equals("..")) {
                    place = place.getParent() == null ? place : place.getParent();
                } else if (!name.isEmpty() && !name.equals(".")) {
                    place = place.resolve(name);
                }
            }
            if (place.equals(root)) {
                at.clear();
                reopen();
                return null;
            }
            if (!followOutside) {
                return refused("a link to " + place);
            }
            return outside(place);
        }

        /**
         * Resolves the rest from a directory out of the root by its path, following links as the system does:
         * the route allows links out of the root, and there is nothing to confine the walk to.
         */
        private OpenedPath outside(Path start) throws IOException {
            Path p = start;
            for (String name : pending) {
                p = p.resolve(name);
            }
            BasicFileAttributes before = Files.readAttributes(p, BasicFileAttributes.class);
            if (before.isDirectory()) {
                return OpenedPath.directory(new Folder.Named(p), before.lastModifiedTime().toMillis(),
                        before.fileKey());
            }
            if (!before.isRegularFile()) {
                return OpenedPath.forbidden();
            }
            FileChannel channel = FileChannel.open(p, StandardOpenOption.READ);
            try {
                BasicFileAttributes after = Files.readAttributes(p, BasicFileAttributes.class);
                if (!after.isRegularFile() || before.fileKey() == null
                        || !before.fileKey().equals(after.fileKey())) {
                    throw new Changed();
                }
                Path parent = p.getParent();
                OpenedPath found = OpenedPath.file(channel, new Folder.Named(parent == null ? p : parent),
                        p.getFileName().toString(), channel.size(), after.lastModifiedTime().toMillis(),
                        after.fileKey());
                channel = null;
                return found;
            } finally {
                closeQuietly(channel);
            }
        }

        private OpenedPath refused(String what) {
            log.debug("{}: {} leads out of the root or is a link not followed: refused", here(), what);
            return OpenedPath.forbidden();
        }

        private BasicFileAttributes attributes(Path name) throws IOException {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }

        /** Opens the directory named by {@link #at} again, from the root. */
        private void reopen() throws IOException {
            closeQuietly(dir);
            dir = null;
            dir = openRoot();
            for (String name : at) {
                if (++steps > MAX_STEPS) {
                    throw new IOException("more than " + MAX_STEPS + " components to resolve");
                }
                SecureDirectoryStream<Path> next = dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
                closeQuietly(dir);
                dir = next;
            }
        }

        /** Where the walk is, as a path (for messages and for reading a link's text). */
        private Path here() {
            return at.isEmpty() ? root : root.resolve(String.join("/", at));
        }

        @Override
        public void close() {
            RootDirectory.closeQuietly(dir);
        }
    }

    private SecureDirectoryStream<Path> openRoot() throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(root);
        if (s instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        closeQuietly(s);
        throw new IOException(root + ": this file system cannot open files relative to a directory");
    }

    /** Closes quietly: what is closed was only read. */
    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {}: {}", c, e.toString());
            }
        }
    }
}
