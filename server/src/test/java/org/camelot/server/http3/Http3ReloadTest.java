package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.quic.QuicTransportParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/3 across a SIGHUP reload: a removed listener drains its QUIC connections before its UDP sockets close, and
 * changed {@code quic-*} limits reach new connections on the same sockets while open ones keep theirs.
 */
class Http3ReloadTest {

    @TempDir
    Path dir;

    /** The site's {@code webs} listener and a cleartext one that stays when {@code webs} is removed. */
    private static String withPlain(H3Site site, String webs) {
        return webs + "  plain:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    routes:\n"
                + "      files:\n        root: " + site.root() + "\n";
    }

    /** Removes the {@code webs} block, keeping the rest. */
    private static String withoutWebs(H3Site site) {
        return "shutdown-timeout: 30s\nlisteners:\n" + withPlain(site, "");
    }

    private void reload(RunningServer server, String yaml) throws Exception {
        Files.writeString(server.configFile(), yaml);
        server.server().reload(new ConfigLoader().load(server.configFile(), List.of()));
    }

    @Test
    void aListenerRemovedByReloadFinishesAnInFlightRequestBeforeItsUdpSocketCloses() throws Exception {
        H3Site site = H3Site.create(dir);
        String yaml = withPlain(site, site.yaml("").replace("shutdown-timeout: 10s", "shutdown-timeout: 30s"));
        try (RunningServer server = RunningServer.start(dir, yaml)) {
            int port = server.port("webs");
            try (H3Client c = new H3Client(port, site.pki().caPem(), 64 * 1024)) {
                H3Client.Request r = c.open("GET", "/big.bin", false, "range", "bytes=0-2999999");
                assertEquals(206, r.head.get(30, TimeUnit.SECONDS));
                reload(server, withoutWebs(site));
                assertFalse(server.server().listeners().containsKey("webs"), "the reload removed webs");
                Http3ClientConnectionHandler h3 = c.connection().pipeline().get(Http3ClientConnectionHandler.class);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!h3.isGoAwayReceived() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(h3.isGoAwayReceived(), "the drain sends GOAWAY");
                assertTrue(r.received() < 3_000_000, "the answer is still in flight after the reload");
                assertTrue(c.connection().isActive(), "the connection stays open while its stream runs");
                r.resume();
                assertArrayEquals(Arrays.copyOf(H3Site.big(), 3_000_000), r.answer.get(60, TimeUnit.SECONDS).body(),
                        "the whole answer, over the removed listener's UDP socket");
                assertTrue(c.connection().closeFuture().await(30, TimeUnit.SECONDS),
                        "the server closes the connection once its stream is done");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            byte[] answer;
            while ((answer = Http3LifecycleTest.exchange(port, Http3LifecycleTest.initial(new byte[0]))) != null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertNull(answer, "after the drain the UDP socket is closed");
        }
    }

    @Test
    void changedQuicLimitsApplyToNewConnectionsWhileOpenOnesKeepTheirs() throws Exception {
        H3Site site = H3Site.create(dir);
        // one socket, so that the old connection and the new ones share it
        String before = "    http3-sockets: 1\n    quic-max-streams: 7\n    quic-initial-max-data: 200000\n"
                + "    quic-initial-max-stream-data: 50000\n    quic-idle-timeout: 20s\n";
        String after = "    http3-sockets: 1\n    quic-max-streams: 9\n    quic-initial-max-data: 300000\n"
                + "    quic-initial-max-stream-data: 60000\n    quic-idle-timeout: 25s\n";
        try (RunningServer server = RunningServer.start(dir, site.yaml(before))) {
            int port = server.port("webs");
            H3Client old = new H3Client(port, site.pki().caPem());
            QuicTransportParameters was = old.connection().peerTransportParameters();
            assertEquals(7, was.initialMaxStreamsBidi());
            assertEquals(200_000, was.initialMaxData());
            assertEquals(50_000, was.initialMaxStreamDataBidiLocal());
            assertEquals(20_000, was.maxIdleTimeout());
            // a stream left open on the old connection while the limits change
            H3Client.Request pending = old.open("GET", "/big.bin", false, "range", "bytes=0-999999");
            assertEquals(206, pending.head.get(30, TimeUnit.SECONDS));

            reload(server, site.yaml(after));
            assertEquals(port, server.port("webs"), "the sockets stay bound");
            try (H3Client fresh = new H3Client(port, site.pki().caPem())) {
                QuicTransportParameters now = fresh.connection().peerTransportParameters();
                assertEquals(9, now.initialMaxStreamsBidi());
                assertEquals(300_000, now.initialMaxData());
                assertEquals(60_000, now.initialMaxStreamDataBidiLocal());
                assertEquals(25_000, now.maxIdleTimeout());
                assertEquals(H3Site.MOTTO, fresh.get("/motto.txt").text());
            }
            // the connection accepted before carries on with its own limits: its streams still count against 7
            pending.resume();
            assertArrayEquals(Arrays.copyOf(H3Site.big(), 1_000_000), pending.answer.get(60, TimeUnit.SECONDS).body());
            assertEquals(H3Site.MOTTO, old.get("/motto.txt").text());
            assertEquals(7, old.connection().peerTransportParameters().initialMaxStreamsBidi());
            assertEquals(List.of(2), codecs(server), "the old connection's codec and the new one");
            old.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (codecs(server).stream().anyMatch(n -> n > 1) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(codecs(server).stream().allMatch(n -> n == 1),
                    "the old codec goes with its last connection: " + codecs(server));

            // once the old connection is gone its codec goes; changing back and again keeps serving
            reload(server, site.yaml(before));
            try (H3Client third = new H3Client(port, site.pki().caPem())) {
                assertEquals(7, third.connection().peerTransportParameters().initialMaxStreamsBidi());
                assertEquals(H3Site.MOTTO, third.get("/motto.txt").text());
                reload(server, site.yaml(after.replace("quic-retry", "x") + "    quic-retry: false\n"));
                try (H3Client fourth = new H3Client(port, site.pki().caPem())) {
                    assertEquals(9, fourth.connection().peerTransportParameters().initialMaxStreamsBidi());
                    assertEquals(H3Site.MOTTO, fourth.get("/motto.txt").text());
                    byte[] answer = Http3LifecycleTest.exchange(port, Http3LifecycleTest.initial(new byte[0]));
                    assertTrue(answer == null || (answer[0] & 0xF0) != 0xF0, "no Retry once quic-retry: false is loaded");
                }
                assertEquals(H3Site.MOTTO, third.get("/motto.txt").text());
            }
        }
    }

    /** How many QUIC codecs each of the listener's UDP sockets holds. */
    private static List<Integer> codecs(RunningServer server) {
        return server.datagrams("webs").stream()
                .map(c -> (int) c.pipeline().names().stream().filter(n -> n.matches("quic-\\d+")).count())
                .toList();
    }
}
