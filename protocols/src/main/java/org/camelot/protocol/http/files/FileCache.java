package org.camelot.protocol.http.files;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the route knows of its files: each path's metadata (and a small file's bytes), looked at on the blocking
 * executor and reused for at most {@code metadata-ttl}. A fresh entry answers on the event loop with no system
 * call at all; a stale or missing one is looked at again, once however many requests want it meanwhile.
 */
final class FileCache {

    private static final Logger log = LoggerFactory.getLogger(FileCache.class);

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
    private final Path root;
    private final Executor blocking;
    private final MimeTypes types;
    private final long ttlNanos;
    private final ConcurrentHashMap<Key, FileInfo> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, CompletableFuture<FileInfo>> looking = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    FileCache(FilesSettings settings, Path root, Executor blocking) {
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
     * no {@link Path} operation at all.
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
        try {
            blocking.execute(() -> {
                FileInfo found;
                try {
                    found = look(path, variant, typeName, previous);
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

    /** Looks at a path; runs on the blocking executor. */
    private FileInfo look(String relative, Variant variant, String typeName, FileInfo previous) {
        long now = System.nanoTime();
        Path path = relative.isEmpty() ? root : root.resolve(relative.substring(1));
        if (!path.normalize().startsWith(root)) {
            return FileInfo.of(FileInfo.Kind.MISSING, now);
        }
        BasicFileAttributes attributes;
        Path real;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
            real = path.toRealPath();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return FileInfo.of(FileInfo.Kind.MISSING, now);
        } catch (AccessDeniedException e) {
            return FileInfo.of(FileInfo.Kind.FORBIDDEN, now);
        } catch (IOException e) {
            log.debug("{}: {}", path, e.toString());
            return FileInfo.of(FileInfo.Kind.FORBIDDEN, now);
        }
        if (!settings.followSymlinksOutsideRoot() && !real.startsWith(root)) {
            log.debug("{} leads out of the root to {}: refused", path, real);
            return FileInfo.of(FileInfo.Kind.FORBIDDEN, now);
        }
        if (attributes.isDirectory()) {
            return variant == Variant.PLAIN ? new FileInfo(FileInfo.Kind.DIRECTORY, real, 0,
                    attributes.lastModifiedTime().toMillis(), null, null, null, 0, now)
                    : FileInfo.of(FileInfo.Kind.MISSING, now);
        }
        if (!attributes.isRegularFile() || !Files.isReadable(real)) {
            return FileInfo.of(FileInfo.Kind.FORBIDDEN, now);
        }
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        if (previous != null && previous.kind() == FileInfo.Kind.FILE && previous.size() == size
                && previous.modified() == modified && previous.path().equals(real)) {
            return new FileInfo(previous.kind(), real, size, modified, previous.etag(), previous.headers(),
                    previous.content(), previous.sidecars(), now);
        }
        int sidecars = variant == Variant.PLAIN && settings.precompressed() ? sidecars(path) : 0;
        ByteBuf content = size <= settings.memoryCacheFileSize() && ttlNanos > 0
                && cachedBytes.get() + size <= settings.memoryCacheSize() ? read(real, size) : null;
        String etag = "\"" + Long.toHexString(modified / 1000) + "-" + Long.toHexString(size) + "\"";
        return new FileInfo(FileInfo.Kind.FILE, real, size, modified, etag, headers(typeName, variant, sidecars),
                content, sidecars, now);
    }

    private static int sidecars(Path path) {
        String name = path.getFileName().toString();
        int bits = 0;
        if (Files.isRegularFile(path.resolveSibling(name + Variant.GZIP.suffix))) {
            bits |= FileInfo.GZIP;
        }
        if (Files.isRegularFile(path.resolveSibling(name + Variant.BROTLI.suffix))) {
            bits |= FileInfo.BROTLI;
        }
        return bits;
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
    private static ByteBuf read(Path real, long size) {
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) size);
        try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            while (bytes.hasRemaining()) {
                if (ch.read(bytes, bytes.position()) < 0) {
                    return null;
                }
            }
            if (ch.size() != size) {
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
