package org.camelot.protocol.http.files;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the route knows of its files: each path's metadata (and a small file's bytes), looked at on the blocking
 * executor and reused for at most {@code metadata-ttl}. A fresh entry answers on the event loop with no system
 * call at all; a stale or missing one is looked at again, once however many requests want it meanwhile. Every look
 * opens the file through the {@link RootDirectory}, and takes the metadata and the bytes kept from that one opening;
 * a file sent from disk is opened again for each answer, and sent with the headers of what was opened.
 */
final class FileCache {

    /** How a path is served: as itself, or as the precompressed variant of another file. */
    enum Variant {
        PLAIN(null, ""), GZIP("gzip", ".gz"), BROTLI("br", ".br");

        final String coding;
        final String suffix;

        Variant(String coding, String suffix) {
            this.coding = coding;
            this.suffix = suffix;
        }
    }

    /** A path below the root as the route names it ({@code ""} for the root, else {@code /a/b}), and a variant. */
    private record Key(String path, Variant variant) {
    }

    private final FilesSettings settings;
    private final RootDirectory root;
    private final Executor blocking;
    private final MimeTypes types;
    private final long ttlNanos;
    private final ConcurrentHashMap<Key, FileInfo> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, CompletableFuture<FileInfo>> looking = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    FileCache(FilesSettings settings, RootDirectory root, Executor blocking) {
        this.settings = settings;
        this.root = root;
        this.blocking = blocking;
        this.types = new MimeTypes(settings.types(), settings.defaultType());
        this.ttlNanos = settings.metadataTtl().toNanos();
    }

    /**
     * What is at {@code path} below the root ({@code ""} or {@code /a/b}, already checked segment by segment), served
     * as {@code variant}, whose content type is that of the file name {@code typeName}: at once when the entry is
     * fresh, else after a look on the blocking executor. Keys are the route's own strings, so a fresh entry costs
     * no {@link Path} operation at all. A {@code null} type name stands for the last segment of {@code path}.
     */
    CompletableFuture<FileInfo> lookup(String path, Variant variant, String typeName) {
        Key key = new Key(path, variant);
        FileInfo info = entries.get(key);
        if (info != null && System.nanoTime() - info.checkedAt() < ttlNanos) {
            return CompletableFuture.completedFuture(info);
        }
        CompletableFuture<FileInfo> mine = new CompletableFuture<>();
        CompletableFuture<FileInfo> theirs = looking.putIfAbsent(key, mine);
        if (theirs != null) {
            return theirs;
        }
        FileInfo previous = info;
        String type = typeName != null ? typeName : path.substring(path.lastIndexOf('/') + 1);
        try {
            blocking.execute(() -> {
                FileInfo found;
                try {
                    found = look(path, variant, type, previous);
                } catch (RuntimeException | Error e) {
                    looking.remove(key, mine);
                    mine.completeExceptionally(e);
                    return;
                }
                store(key, found);
                looking.remove(key, mine);
                mine.complete(found);
            });
        } catch (RuntimeException e) {
            looking.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    private void store(Key key, FileInfo found) {
        if (ttlNanos == 0) {
            return;
        }
        if (entries.size() >= settings.maxCacheEntries() && !entries.containsKey(key)) {
            // Rare (a crawl over more files than the cache holds): start over rather than track recency per hit.
            entries.clear();
            cachedBytes.set(0);
        }
        FileInfo old = entries.put(key, found);
        cachedBytes.addAndGet(found.weight() - (old == null ? 0 : old.weight()));
    }

    /**
     * Opens the file that {@code info} (a {@link FileInfo.Kind#FILE}) describes, to send it: when the file opened is
     * still that one, {@code info} goes with it; otherwise the file is described afresh from what was opened (and the
     * entry replaced), so that an answer's headers and bytes always come from the same file. Completes on the
     * blocking executor.
     */
    CompletableFuture<Opened> open(String path, Variant variant, String typeName, FileInfo info) {
        return CompletableFuture.supplyAsync(() -> {
            try (OpenedPath o = root.open(path)) {
                if (o.sameAs(info)) {
                    return new Opened(info, o.take());
                }
                FileInfo fresh = describe(o, variant, typeName, null, System.nanoTime());
                store(new Key(path, variant), fresh);
                return new Opened(fresh, fresh.kind() == FileInfo.Kind.FILE && fresh.content() == null
                        ? o.take() : null);
            }
        }, blocking);
    }

    /**
     * A file ready to send: its description, and its open channel (owned by the receiver) unless the bytes are in
     * the description.
     */
    record Opened(FileInfo info, FileChannel channel) {
    }

    /** Looks at a path; runs on the blocking executor. */
    private FileInfo look(String relative, Variant variant, String typeName, FileInfo previous) {
        try (OpenedPath o = root.open(relative)) {
            return describe(o, variant, typeName, previous, System.nanoTime());
        }
    }

    /** What the route needs of what was opened: for a file, all of it from that one opening. */
    private FileInfo describe(OpenedPath o, Variant variant, String typeName, FileInfo previous, long now) {
        switch (o.kind()) {
            case MISSING, FORBIDDEN:
                return FileInfo.of(o.kind(), now);
            case DIRECTORY:
                return variant == Variant.PLAIN ? new FileInfo(FileInfo.Kind.DIRECTORY, o.fileKey(), 0,
                        o.modified(), null, null, null, 0, now) : FileInfo.of(FileInfo.Kind.MISSING, now);
            default:
                break;
        }
        long size = o.size();
        long modified = o.modified();
        if (previous != null && o.sameAs(previous)) {
            return new FileInfo(previous.kind(), previous.fileKey(), size, modified, previous.etag(),
                    previous.headers(), previous.content(), previous.sidecars(), now);
        }
        int sidecars = variant == Variant.PLAIN && settings.precompressed() ? sidecars(o) : 0;
        ByteBuf content = size <= settings.memoryCacheFileSize() && ttlNanos > 0
                && cachedBytes.get() + size <= settings.memoryCacheSize() ? read(o.file(), size) : null;
        String etag = "\"" + Long.toHexString(modified / 1000) + "-" + Long.toHexString(size) + "\"";
        return new FileInfo(FileInfo.Kind.FILE, o.fileKey(), size, modified, etag, headers(typeName, variant, sidecars),
                content, sidecars, now);
    }

    /**
     * Which variants lie beside a file, in the directory it was opened from. A variant that is a link counts: its
     * own lookup decides whether it is served.
     */
    private static int sidecars(OpenedPath o) {
        return (beside(o, Variant.GZIP) ? FileInfo.GZIP : 0) | (beside(o, Variant.BROTLI) ? FileInfo.BROTLI : 0);
    }

    private static boolean beside(OpenedPath o, Variant variant) {
        try {
            BasicFileAttributes a = o.folder().attributes(o.name() + variant.suffix);
            return a.isRegularFile() || a.isSymbolicLink();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private HttpHeaders headers(String typeName, Variant variant, int sidecars) {
        // Names as they are sent, so the listener can copy them as they are.
        HttpHeaders h = new DefaultHttpHeaders();
        h.add("Content-Type", types.forName(typeName));
        if (variant.coding != null) {
            h.add("Content-Encoding", variant.coding);
        }
        if (variant != Variant.PLAIN || sidecars != 0) {
            h.add("Vary", "Accept-Encoding");
        }
        if (settings.cacheControl() != null) {
            h.add("Cache-Control", settings.cacheControl());
        }
        return new ReadOnlyHttpHeaders(false, flatten(h));
    }

    private static CharSequence[] flatten(HttpHeaders h) {
        CharSequence[] out = new CharSequence[h.size() * 2];
        int i = 0;
        for (var it = h.iteratorCharSequence(); it.hasNext(); ) {
            var e = it.next();
            out[i++] = io.netty.util.AsciiString.of(e.getKey());
            out[i++] = io.netty.util.AsciiString.of(e.getValue());
        }
        return out;
    }

    /** A small file's bytes in memory the garbage collector frees, or {@code null} if it changed while read. */
    private static ByteBuf read(FileChannel channel, long size) {
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) size);
        try {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, bytes.position()) < 0) {
                    return null;
                }
            }
            if (channel.size() != size) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        bytes.flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
    }

    /** Drops every entry; the bytes kept go with them. */
    void clear() {
        entries.clear();
        cachedBytes.set(0);
    }
}
