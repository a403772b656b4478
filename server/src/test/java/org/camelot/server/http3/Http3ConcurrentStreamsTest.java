package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many concurrent HTTP/3 streams of a file larger than the memory cache (so it is read from disk in chunks and sent
 * as the streams' QUIC credit allows) on few connections, over a lossy path (the clients drop one small 1-RTT
 * datagram in {@value #DROP_EVERY}, as a client whose UDP buffer overflows under bursts drops some): every answer arrives whole and
 * ends. The streams of a connection share its congestion window, so each is held back and released many times over;
 * and a stream whose end (FIN) travelled alone and was lost after its data was acknowledged was never ended: its
 * client held every byte and waited until the timeout.
 */
class Http3ConcurrentStreamsTest {

    /** Above the memory cache (set to 64 KiB here) and the 64 KiB read chunk: two reads, the second one short. */
    private static final int SIZE = 100 * 1024;
    private static final int CONNECTIONS = 3;
    private static final int IN_FLIGHT = 12;
    private static final int PER_CONNECTION = 150;
    private static final int DROP_EVERY = 4;

    static H3Site site;
    static byte[] file;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        site = H3Site.create(d.dir(), d.pki());
        file = new byte[SIZE];
        new Random(7).nextBytes(file);
        Files.write(site.root().resolve("100k.bin"), file);
        return site.yaml("", "        memory-cache-file-size: 65536\n");
    });

    @Test
    void everyAnswerOfManyConcurrentStreamsArrivesWhole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                runs.add(pool.submit(load()));
            }
            for (Future<Integer> run : runs) {
                assertEquals(PER_CONNECTION, run.get(180, TimeUnit.SECONDS), "answers received whole");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One connection with {@link #IN_FLIGHT} requests open at all times until {@link #PER_CONNECTION} are sent. */
    private static Callable<Integer> load() {
        return () -> {
            try (H3Client c = new H3Client(server.port("webs"), site.pki().caPem(), 4L << 20, DROP_EVERY)) {
                ArrayDeque<H3Client.Request> open = new ArrayDeque<>();
                int sent = 0;
                int whole = 0;
                while (whole < PER_CONNECTION) {
                    while (sent < PER_CONNECTION && open.size() < IN_FLIGHT) {
                        open.add(c.open("GET", "/100k.bin", true));
                        sent++;
                    }
                    // generous: a stalled stream hangs for ever, a slow machine takes seconds at most
                    H3Client.Reply r = open.remove().answer.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.status());
                    assertEquals(String.valueOf(SIZE), r.header("content-length"));
                    assertArrayEquals(file, r.body(), "answer " + whole);
                    whole++;
                }
                return whole;
            }
        };
    }
}
