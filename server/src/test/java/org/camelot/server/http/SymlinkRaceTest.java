package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A directory of the root swapped again and again with a symbolic link that leads out of it, while clients fetch a
 * file below it: no answer ever carries the outside file's bytes, and every body is as long as its header says.
 * Small (kept in memory) and large (sent from the file) files, with the metadata cache and without it, over kept-alive
 * and fresh connections, cleartext (sendfile) and TLS.
 */
class SymlinkRaceTest {

    static final int LARGE = 100 * 1024;
    static final int SMALL = 3000;
    /** The swapping lasts at least this long, and until every target was served a few times meanwhile... */
    static final long SWAP_MILLIS = 3000;
    static final int SERVED_EACH = 5;
    /** ... but no longer than this, whatever the load of the machine. */
    static final long MAX_MILLIS = 30_000;

    static Path root;
    static TestPki pki;
    static final Map<String, byte[]> inside = new ConcurrentHashMap<>();

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(SymlinkRaceTest::yaml);

    static String yaml(CamelotExtension daemon) throws Exception {
        Path dir = daemon.dir();
        root = Files.createDirectories(dir.resolve("www"));
        Path d = Files.createDirectories(root.resolve("d"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        for (var file : Map.of("f.bin", LARGE, "small.bin", SMALL).entrySet()) {
            byte[] in = pattern(file.getValue(), 'a');
            inside.put(file.getKey(), in);
            Files.write(d.resolve(file.getKey()), in);
            // longer outside, so that the headers of one file with the bytes of the other show as a wrong length
            Files.write(outside.resolve(file.getKey()), pattern(file.getValue() + 1000, 'A'));
        }
        // the link waits beside the directory under a dotfile name, which the route never serves
        Files.createSymbolicLink(root.resolve(".d-link"), outside);
        pki = daemon.pki();
        String routes = "    routes:\n"
                + "      cached:\n        type: files\n        path: /cached\n        root: " + root + "\n"
                + "      uncached:\n        type: files\n        path: /uncached\n        root: " + root + "\n"
                + "        metadata-ttl: 0s\n";
        return "listeners:\n"
                + "  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + routes
                + "  https:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + pki.tlsYaml(4) + routes;
    }

    /** Lower case letters inside the root, upper case outside: one byte from outside shows. */
    static byte[] pattern(int length, char first) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i % 26);
        }
        return b;
    }

    @Test
    void aDirectorySwappedForALinkOutOfTheRootNeverServesOutsideBytes() throws Exception {
        List<String> targets = List.of("/cached/d/f.bin", "/cached/d/small.bin", "/uncached/d/f.bin",
                "/uncached/d/small.bin");
        LongAdder served = new LongAdder();
        LongAdder refused = new LongAdder();
        Map<String, LongAdder> refusedByTarget = new ConcurrentHashMap<>();
        Map<String, LongAdder> servedByTarget = new ConcurrentHashMap<>();
        List<String> problems = new ArrayList<>();
        AtomicInteger swaps = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> running = new ArrayList<>();
            running.add(pool.submit(() -> swap(stop, swaps)));
            // kept-alive and fresh connections, cleartext and TLS; each client walks through every target
            boolean[][] clients = {{false, true}, {false, true}, {false, false}, {false, false}, {true, true}};
            for (int n = 0; n < clients.length; n++) {
                boolean tls = clients[n][0];
                boolean keepAlive = clients[n][1];
                int offset = n;
                running.add(pool.submit(() -> {
                    RawHttp c = null;
                    for (int i = offset; !stop.get(); i++) {
                        String target = targets.get(i % targets.size());
                        try {
                            if (c == null) {
                                c = RawHttp.open(tls, server.port(tls ? "https" : "http"), pki.caPem());
                            }
                            RawHttp.Reply r = c.get(target);
                            String problem = check(target, r);
                            if (problem != null) {
                                synchronized (problems) {
                                    problems.add(problem);
                                }
                            } else if (r.status() == 200) {
                                served.increment();
                                servedByTarget.computeIfAbsent(target, t -> new LongAdder()).increment();
                            } else {
                                refused.increment();
                                refusedByTarget.computeIfAbsent(target, t -> new LongAdder()).increment();
                            }
                        } catch (IOException e) {
                            // a body cut short, or a connection closed under a request: its length disagreed
                            synchronized (problems) {
                                problems.add(target + ": " + e);
                            }
                            close(c);
                            c = null;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        if (!keepAlive) {
                            close(c);
                            c = null;
                        }
                    }
                    close(c);
                    return null;
                }));
            }
            long started = System.nanoTime();
            long elapsed;
            do {
                Thread.sleep(50);
                elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            } while (elapsed < MAX_MILLIS && (elapsed < SWAP_MILLIS || targets.stream().anyMatch(t ->
                    servedByTarget.getOrDefault(t, new LongAdder()).sum() < SERVED_EACH)));
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("SymlinkRaceTest: %d swaps, %d answers served, %d refused (403/404), %d bad; served %s, refused %s%n",
                swaps.get(), served.sum(), refused.sum(), problems.size(), servedByTarget, refusedByTarget);
        assertTrue(swaps.get() > 10, "the directory was swapped " + swaps.get() + " times");
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())),
                problems.size() + " bad answers of " + (served.sum() + refused.sum() + problems.size()));
        for (String target : targets) {
            assertTrue(servedByTarget.containsKey(target), target + " was never served during the swaps");
        }
        // and once the swapping has stopped, the file is served whole again (a refusal is kept up to metadata-ttl)
        try (RawHttp c = RawHttp.plain(server.port("http"))) {
            for (String target : targets) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                RawHttp.Reply r = c.get(target);
                while (r.status() != 200 && System.nanoTime() < until) {
                    Thread.sleep(100);
                    r = c.get(target);
                }
                assertEquals(200, r.status(), target);
                assertEquals(null, check(target, r), target);
            }
        }
    }

    /** What is wrong with an answer, or {@code null}: 200 with the inside file's exact bytes, or 403/404. */
    static String check(String target, RawHttp.Reply r) {
        if (r.status() == 403 || r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            return target + ": " + r.statusLine();
        }
        byte[] expected = inside.get(target.substring(target.lastIndexOf('/') + 1));
        String length = r.header("content-length");
        if (length == null || Long.parseLong(length) != r.body().length) {
            return target + ": Content-Length " + length + " with a body of " + r.body().length;
        }
        if (!Arrays.equals(expected, r.body())) {
            for (byte b : r.body()) {
                if (b >= 'A' && b <= 'Z') {
                    return target + ": bytes from outside the root (" + r.body().length + " bytes)";
                }
            }
            return target + ": a body of " + r.body().length + " bytes that is not the file";
        }
        return null;
    }

    /** Swaps {@code d} with the link and back, a couple of milliseconds apart, until told to stop. */
    private static Void swap(AtomicBoolean stop, AtomicInteger swaps) throws Exception {
        Path d = root.resolve("d");
        Path real = root.resolve(".d-real");
        Path link = root.resolve(".d-link");
        try {
            while (!stop.get()) {
                Files.move(d, real, StandardCopyOption.ATOMIC_MOVE);
                Files.move(link, d, StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(2);
                Files.move(d, link, StandardCopyOption.ATOMIC_MOVE);
                Files.move(real, d, StandardCopyOption.ATOMIC_MOVE);
                swaps.incrementAndGet();
                Thread.sleep(2);
            }
        } finally {
            if (Files.isSymbolicLink(d)) {
                Files.move(d, link, StandardCopyOption.ATOMIC_MOVE);
            }
            if (Files.isDirectory(real)) {
                Files.move(real, d, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return null;
    }

    private static void close(RawHttp c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing a client socket
            }
        }
    }
}
