package org.camelot.protocol.http.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolving paths below a root from its descriptor: links inside the root followed or refused per setting, links out
 * of it (by {@code ..}, by an absolute target, through a chain, as a directory on the way) refused unless allowed,
 * dangling links and loops.
 */
class RootDirectoryTest {

    static final String INSIDE = "inside the root\n";
    static final String IN_D = "in d\n";
    static final String SECRET = "TOP SECRET\n";

    @TempDir
    static Path dir;
    static Path root;
    static Path outside;

    @BeforeAll
    static void site() throws IOException {
        root = Files.createDirectories(dir.resolve("www")).toRealPath();
        outside = Files.createDirectories(dir.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("f.txt"), INSIDE);
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/g.txt"), IN_D);
        link("link-in", "f.txt");
        link("dlink", "d");
        link("abs-in", root.resolve("f.txt").toString());
        link("chain1", "chain2");
        link("chain2", "d/chain3");
        link("d/chain3", "../f.txt");
        link("d/up-in", "../f.txt");
        link("back-in", "../www/f.txt");
        link("abs-back-in", root.resolve("d/../f.txt").toString());
        link("up-out", "../outside/secret.txt");
        link("abs-out", outside.resolve("secret.txt").toString());
        link("dout", outside.toString());
        link("d/deep-out", "../../outside/secret.txt");
        link("chain-out1", "chain-out2");
        link("chain-out2", "d/deep-out");
        link("above-root", "../../../../../..");
        link("dangling", "nowhere.txt");
        link("loop1", "loop2");
        link("loop2", "loop1");
    }

    static void link(String name, String target) throws IOException {
        Files.createSymbolicLink(root.resolve(name), Path.of(target));
    }

    static RootDirectory resolver(boolean followSymlinks, boolean followOutside) {
        return new RootDirectory(root, followSymlinks, followOutside);
    }

    /** The text of the file at {@code path}, read from the channel it was opened with. */
    static String read(RootDirectory r, String path) throws IOException {
        try (OpenedPath o = r.open(path)) {
            assertEquals(FileInfo.Kind.FILE, o.kind(), path);
            ByteBuffer b = ByteBuffer.allocate((int) o.size());
            while (b.hasRemaining() && o.file().read(b, b.position()) >= 0) {
                // positional reads until full
            }
            return new String(b.array(), StandardCharsets.UTF_8);
        }
    }

    static FileInfo.Kind kind(RootDirectory r, String path) {
        try (OpenedPath o = r.open(path)) {
            return o.kind();
        }
    }

    @Test
    void opensAFileAndTakesItsSizeFromTheOpenFile() throws IOException {
        RootDirectory r = resolver(true, false);
        try (OpenedPath o = r.open("/f.txt")) {
            assertEquals(FileInfo.Kind.FILE, o.kind());
            assertEquals(INSIDE.length(), o.size());
            assertEquals(o.file().size(), o.size());
            assertEquals(Files.getLastModifiedTime(root.resolve("f.txt")).toMillis(), o.modified());
            assertEquals(Files.readAttributes(root.resolve("f.txt"),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey(), o.fileKey());
        }
        assertEquals(INSIDE, read(r, "/f.txt"));
        assertEquals(IN_D, read(r, "/d/g.txt"));
    }

    @Test
    void opensTheRootAndDirectoriesForListing() throws IOException {
        RootDirectory r = resolver(true, false);
        try (OpenedPath o = r.open("/d")) {
            assertEquals(FileInfo.Kind.DIRECTORY, o.kind());
            List<String> names = new ArrayList<>();
            o.folder().entries().forEach(p -> names.add(p.getFileName().toString()));
            assertTrue(names.contains("g.txt"), names.toString());
            assertTrue(o.folder().attributes("up-in").isSymbolicLink(), "entries are looked at without following");
        }
        assertEquals(FileInfo.Kind.DIRECTORY, kind(r, ""));
    }

    @Test
    void aMissingFileOrAFileUsedAsADirectoryIsMissing() {
        RootDirectory r = resolver(true, false);
        assertEquals(FileInfo.Kind.MISSING, kind(r, "/nope.txt"));
        assertEquals(FileInfo.Kind.MISSING, kind(r, "/nope/g.txt"));
        assertEquals(FileInfo.Kind.MISSING, kind(r, "/f.txt/g.txt"));
    }

    @Test
    void linksThatStayInsideTheRootAreFollowed() throws IOException {
        RootDirectory r = resolver(true, false);
        assertEquals(INSIDE, read(r, "/link-in"));
        assertEquals(IN_D, read(r, "/dlink/g.txt"), "a directory on the way that is a link");
        assertEquals(FileInfo.Kind.DIRECTORY, kind(r, "/dlink"));
        assertEquals(INSIDE, read(r, "/abs-in"), "an absolute target under the root");
        assertEquals(INSIDE, read(r, "/abs-back-in"));
        assertEquals(INSIDE, read(r, "/chain1"), "a chain of links");
        assertEquals(INSIDE, read(r, "/d/up-in"), "a target with .. that stays inside");
        assertEquals(INSIDE, read(r, "/dlink/up-in"));
        assertEquals(INSIDE, read(r, "/back-in"), "a target that climbs out and comes back to the root");
    }

    @Test
    void noLinkIsFollowedWhenLinksAreOff() throws IOException {
        RootDirectory r = resolver(false, false);
        for (String path : List.of("/link-in", "/dlink/g.txt", "/dlink", "/abs-in", "/chain1", "/d/up-in", "/dangling")) {
            assertEquals(FileInfo.Kind.FORBIDDEN, kind(r, path), path);
        }
        assertEquals(INSIDE, read(r, "/f.txt"));
        assertEquals(IN_D, read(r, "/d/g.txt"));
    }

    @Test
    void linksOutOfTheRootAreRefused() {
        RootDirectory r = resolver(true, false);
        for (String path : List.of("/up-out", "/abs-out", "/dout", "/dout/secret.txt", "/d/deep-out",
                "/dlink/deep-out", "/chain-out1", "/above-root", "/above-root/etc/passwd")) {
            assertEquals(FileInfo.Kind.FORBIDDEN, kind(r, path), path);
        }
    }

    @Test
    void linksOutOfTheRootAreFollowedWhenAllowed() throws IOException {
        RootDirectory r = resolver(true, true);
        assertEquals(SECRET, read(r, "/up-out"));
        assertEquals(SECRET, read(r, "/abs-out"));
        assertEquals(SECRET, read(r, "/dout/secret.txt"));
        assertEquals(SECRET, read(r, "/chain-out1"));
        assertEquals(FileInfo.Kind.DIRECTORY, kind(r, "/dout"));
        assertEquals(INSIDE, read(r, "/link-in"));
    }

    @Test
    void aDanglingLinkIsMissingAndALoopIsRefused() {
        RootDirectory r = resolver(true, false);
        assertEquals(FileInfo.Kind.MISSING, kind(r, "/dangling"));
        assertEquals(FileInfo.Kind.FORBIDDEN, kind(r, "/loop1"));
        assertEquals(FileInfo.Kind.FORBIDDEN, kind(r, "/loop1/x"));
    }

    @Test
    void aDirectorySwappedForALinkOutOfTheRootIsNotEntered() throws IOException {
        Path real = Files.createDirectories(root.resolve("swapped"));
        Files.writeString(real.resolve("secret.txt"), INSIDE);
        // the same name inside as outside: only the resolution tells them apart
        RootDirectory r = resolver(true, false);
        assertEquals(INSIDE, read(r, "/swapped/secret.txt"));
        Files.move(real, root.resolve("swapped-away"));
        Files.createSymbolicLink(real, outside);
        try {
            assertEquals(FileInfo.Kind.FORBIDDEN, kind(r, "/swapped/secret.txt"));
        } finally {
            Files.delete(real);
            Files.move(root.resolve("swapped-away"), real);
        }
    }
}
