package org.camelot.protocol.http.files;

import java.io.Closeable;
import java.nio.channels.FileChannel;

/**
 * What {@link RootDirectory#open} found at a path: a regular file open for reading, with its size read from that
 * very descriptor; a directory, open; or nothing to serve. Closing it closes the file (unless {@link #take taken})
 * and the folder.
 */
final class OpenedPath implements Closeable {

    private static final OpenedPath MISSING = new OpenedPath(FileInfo.Kind.MISSING, null, null, null, 0, 0, null);
    private static final OpenedPath FORBIDDEN = new OpenedPath(FileInfo.Kind.FORBIDDEN, null, null, null, 0, 0, null);

    private final FileInfo.Kind kind;
    private FileChannel file;
    private final Folder folder;
    private final String name;
    private final long size;
    private final long modified;
    private final Object fileKey;

    private OpenedPath(FileInfo.Kind kind, FileChannel file, Folder folder, String name, long size, long modified,
                       Object fileKey) {
        this.kind = kind;
        this.file = file;
        this.folder = folder;
        this.name = name;
        this.size = size;
        this.modified = modified;
        this.fileKey = fileKey;
    }

    static OpenedPath missing() {
        return MISSING;
    }

    static OpenedPath forbidden() {
        return FORBIDDEN;
    }

    /** A regular file, open, named {@code name} in {@code folder}. */
    static OpenedPath file(FileChannel file, Folder folder, String name, long size, long modified, Object fileKey) {
        return new OpenedPath(FileInfo.Kind.FILE, file, folder, name, size, modified, fileKey);
    }

    static OpenedPath directory(Folder folder, long modified, Object fileKey) {
        return new OpenedPath(FileInfo.Kind.DIRECTORY, null, folder, null, 0, modified, fileKey);
    }

    FileInfo.Kind kind() {
        return kind;
    }

    /** The file's channel, still owned by this. */
    FileChannel file() {
        return file;
    }

    /** The file's channel, now owned by the caller. */
    FileChannel take() {
        FileChannel f = file;
        file = null;
        return f;
    }

    /** For a directory, the directory; for a file, the directory holding it. */
    Folder folder() {
        return folder;
    }

    /** A file's name in its folder. */
    String name() {
        return name;
    }

    /** A file's length, from its open descriptor. */
    long size() {
        return size;
    }

    /** The modification time, in milliseconds since the epoch. */
    long modified() {
        return modified;
    }

    /** What tells this file from another on the same machine (device and inode). */
    Object fileKey() {
        return fileKey;
    }

    /** Whether this is the file that {@code info} describes, unchanged. */
    boolean sameAs(FileInfo info) {
        return kind == FileInfo.Kind.FILE && info.kind() == FileInfo.Kind.FILE && size == info.size()
                && modified == info.modified() && fileKey != null && fileKey.equals(info.fileKey());
    }

    @Override
    public void close() {
        RootDirectory.closeQuietly(file);
        if (folder != null) {
            folder.close();
        }
    }
}
