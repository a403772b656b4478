package org.camelot.protocol.http.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cached entry's headers never go out with the bytes of another file: a file sent from disk is opened again, and
 * when that is no longer the file described, it is described afresh from what was opened.
 */
class FileCacheTest {

    @TempDir
    Path dir;
    Path root;
    Path outside;
    FileCache cache;

    @BeforeEach
    void site() throws Exception {
        root = Files.createDirectories(dir.resolve("www")).toRealPath();
        outside = Files.createDirectories(dir.resolve("outside")).toRealPath();
        Files.createDirectories(root.resolve("d"));
        Files.write(root.resolve("d/big.bin"), filled(5000, 'i'));
        Files.write(outside.resolve("big.bin"), filled(7000, 'o'));
        // files up to 1 KB are kept in memory; big.bin is sent from disk; metadata is kept a minute
        FilesSettings settings = new FilesSettings(root, null, null, null, null, null, null, null,
                Duration.ofMinutes(1), 1024, null, null, null, null);
        cache = new FileCache(settings, new RootDirectory(root, true, false), Runnable::run);
    }

    static byte[] filled(int length, char c) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) c);
        return b;
    }

    static byte[] contents(FileCache.Opened opened) throws Exception {
        ByteBuffer b = ByteBuffer.allocate((int) opened.channel().size());
        while (b.hasRemaining() && opened.channel().read(b, b.position()) >= 0) {
            // positional reads until full
        }
        return b.array();
    }

    @Test
    void anUnchangedFileIsSentWithItsCachedHeaders() throws Exception {
        FileInfo info = cache.lookup("/d/big.bin", FileCache.Variant.PLAIN, "big.bin").get();
        assertNull(info.content());
        FileCache.Opened opened = cache.open("/d/big.bin", FileCache.Variant.PLAIN, "big.bin", info).get();
        try (var channel = opened.channel()) {
            assertSame(info, opened.info());
            assertEquals(info.size(), channel.size());
        }
    }

    @Test
    void aFileReplacedAfterItWasLookedAtIsSentWithItsOwnHeaders() throws Exception {
        FileInfo info = cache.lookup("/d/big.bin", FileCache.Variant.PLAIN, "big.bin").get();
        Path next = root.resolve("d/.next");
        Files.write(next, filled(6000, 'n'));
        Files.move(next, root.resolve("d/big.bin"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileCache.Opened opened = cache.open("/d/big.bin", FileCache.Variant.PLAIN, "big.bin", info).get();
        try (var channel = opened.channel()) {
            assertEquals(6000, opened.info().size());
            assertEquals(6000, channel.size());
            assertNotEquals(info.fileKey(), opened.info().fileKey());
            assertEquals(6000, contents(opened).length);
        }
        // and the entry now describes the new file
        FileInfo now = cache.lookup("/d/big.bin", FileCache.Variant.PLAIN, "big.bin").get();
        assertEquals(6000, now.size());
    }

    @Test
    void aCachedFileIsNotSentThroughADirectorySwappedForALinkOutOfTheRoot() throws Exception {
        FileInfo info = cache.lookup("/d/big.bin", FileCache.Variant.PLAIN, "big.bin").get();
        assertEquals(FileInfo.Kind.FILE, info.kind());
        Files.move(root.resolve("d"), root.resolve("d-away"));
        Files.createSymbolicLink(root.resolve("d"), outside);
        FileCache.Opened opened = cache.open("/d/big.bin", FileCache.Variant.PLAIN, "big.bin", info).get();
        assertEquals(FileInfo.Kind.FORBIDDEN, opened.info().kind());
        assertNull(opened.channel());
    }

    @Test
    void aSmallFileIsKeptWithTheBytesOfTheFileItDescribes() throws Exception {
        Files.write(root.resolve("d/small.txt"), filled(100, 's'));
        FileInfo info = cache.lookup("/d/small.txt", FileCache.Variant.PLAIN, "small.txt").get();
        assertNotNull(info.content());
        assertEquals(info.size(), info.content().readableBytes());
        byte[] kept = new byte[100];
        info.content().getBytes(0, kept);
        assertEquals(new String(filled(100, 's')), new String(kept));
    }
}
