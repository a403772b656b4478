package org.camelot.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camelot.server.CamelotServer;
import org.camelot.server.DatagramListener;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A reload while datagrams flow: an unchanged or retuned UDP listener stays bound and loses nothing. */
class UdpReloadTest {

    private static final int MAX_DATAGRAMS = 200_000;
    private static final int WINDOW = 64;

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    private static void reload(RunningServer s, String yaml) throws Exception {
        Files.writeString(s.configFile(), yaml);
        s.server().reload(new ConfigLoader().load(s.configFile(), List.of()));
    }

    private static String yaml(String mode, int rateLimit) {
        return """
                transport: epoll
                listeners:
                  udp: {protocol: udp, host: 127.0.0.1, port: 0, mode: %s, threads: 2, rate-limit: %d}
                  upper: {protocol: upper, host: 127.0.0.1, port: 0}
                """.formatted(mode, rateLimit);
    }

    /** Waits until {@code more} datagrams more have been sent, so that each reload happens in the middle of a flow. */
    private static void awaitFlow(java.util.concurrent.atomic.AtomicInteger sent, int more) throws Exception {
        int target = sent.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sent.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(sent.get() >= target, "the flow stalled at " + sent.get());
    }

    @Test
    void datagramsSentAcrossReloadsAreAllAnsweredAndTheSocketsStayBound() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger serverLog = (Logger) LoggerFactory.getLogger(CamelotServer.class);
        serverLog.addAppender(log);
        try (RunningServer s = daemon.start(yaml("echo", 0));
             UdpPeer peer = UdpPeer.ipv4()) {
            var address = s.loopback("udp");
            List<Channel> before = List.copyOf(((DatagramListener) s.server().listeners().get("udp")).channels());
            BitSet answered = new BitSet();
            AtomicBoolean stop = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger sentCount = new java.util.concurrent.atomic.AtomicInteger();
            AtomicBoolean sent = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger replies = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!(sent.get() && replies.get() >= sentCount.get()) && System.nanoTime() < deadline) {
                        byte[] reply = peer.receive(address, sent.get() ? 3_000 : 10_000);
                        if (reply == null) {
                            if (sent.get()) {
                                return;
                            }
                            continue;
                        }
                        String text = new String(reply, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
                        synchronized (answered) {
                            answered.set(Integer.parseInt(text.substring(1)));
                        }
                        replies.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, threads);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < MAX_DATAGRAMS && !stop.get(); i++) {
                        // At most WINDOW unanswered: the socket buffers (as small as net.core.rmem_max allows) never
                        // overflow, however slow the machine, so a datagram lost is lost by the reload.
                        long stalled = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        while (i - replies.get() >= WINDOW && System.nanoTime() < stalled && !stop.get()) {
                            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                        }
                        peer.send(("n" + i).getBytes(StandardCharsets.US_ASCII), address);
                        sentCount.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                } finally {
                    sent.set(true);
                }
            }, threads);
            // Unchanged, then retuned (another mode, a rate limit high enough for the flow), then back.
            String[] configs = {yaml("echo", 0), yaml("upper", 1_000_000), yaml("upper", 1_000_000),
                    yaml("echo", 0)};
            for (String next : configs) {
                awaitFlow(sentCount, 100);
                reload(s, next);
            }
            awaitFlow(sentCount, 100);
            stop.set(true);
            sender.get(60, TimeUnit.SECONDS);
            receiver.get(90, TimeUnit.SECONDS);
            threads.shutdown();
            int total = sentCount.get();
            assertTrue(total >= 500 && total < MAX_DATAGRAMS, "datagrams flowed through the reloads: " + total);
            assertEquals(total, replies.get(), "replies");
            assertEquals(total, answered.cardinality(), "answered of " + total + "; first unanswered: "
                    + answered.nextClearBit(0));
            List<Channel> after = ((DatagramListener) s.server().listeners().get("udp")).channels();
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertSame(before.get(i), after.get(i), "the same bound socket");
                assertTrue(after.get(i).isActive());
            }
            assertEquals("ECHOED", new String(peer.exchange("ECHOED".getBytes(StandardCharsets.US_ASCII), address),
                    StandardCharsets.US_ASCII), "the last configuration answers");
        } finally {
            serverLog.detachAppender(log);
        }
        assertTrue(log.list.stream().noneMatch(e -> e.getFormattedMessage().contains("moves or changes")),
                log.list.toString());
    }

    @Test
    void aChangeOfSocketsBindsTheNewOnesBesideTheOldBeforeClosingThem() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger serverLog = (Logger) LoggerFactory.getLogger(CamelotServer.class);
        serverLog.addAppender(log);
        try (RunningServer s = daemon.start(yaml("echo", 0));
             UdpPeer peer = UdpPeer.ipv4()) {
            var address = s.loopback("udp");
            List<Channel> before = List.copyOf(((DatagramListener) s.server().listeners().get("udp")).channels());
            reload(s, yaml("echo", 0).replace("threads: 2", "threads: 3"));
            assertEquals(address, s.loopback("udp"), "the same port");
            assertEquals(3, ((DatagramListener) s.server().listeners().get("udp")).channels().size());
            for (int i = 0; i < 20; i++) {
                assertEquals("x" + i, new String(peer.exchange(("x" + i).getBytes(StandardCharsets.US_ASCII),
                        address), StandardCharsets.US_ASCII));
            }
            for (Channel old : before) {
                assertTrue(old.closeFuture().await(5, TimeUnit.SECONDS), "the old sockets close");
            }
        } finally {
            serverLog.detachAppender(log);
        }
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage()
                .contains("listener udp binds new sockets beside its old ones")), log.list.toString());
    }
}
