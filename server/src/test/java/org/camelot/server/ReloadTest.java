package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.testing.LineClient;
import org.camelot.server.testing.TlsClients;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTest {

    @TempDir
    Path dir;

    private void reload(RunningServer s, String yaml) throws Exception {
        Files.writeString(s.configFile(), yaml);
        s.server().reload(new ConfigLoader().load(s.configFile(), List.of()));
    }

    private static BigInteger serial(LineClient c) throws Exception {
        return ((X509Certificate) ((SSLSocket) c.socket()).getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    private static String ask(LineClient c, String line) throws Exception {
        c.send(line + "\n");
        return c.readUntil('\n');
    }

    @Test
    void newCertificateForNewConnectionsWhileOpenOnesCarryOn() throws Exception {
        Path certs = dir.resolve("certs");
        TestPki first = TestPki.create(certs);
        BigInteger firstSerial = first.server().getCertificate().getSerialNumber();
        String yaml = first.tlsYaml(0) + "listeners: {secure: {protocol: upper, host: 127.0.0.1, port: 0, tls: true}}\n";
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            InetSocketAddress address = s.loopback("secure");
            try (LineClient open = TlsClients.connect(address, TlsClients.context(first, null))) {
                assertEquals(firstSerial, serial(open));
                TestPki second = TestPki.create(certs); // renewed files at the same paths, from a new CA
                BigInteger secondSerial = second.server().getCertificate().getSerialNumber();
                assertNotEquals(firstSerial, secondSerial);
                reload(s, yaml);
                try (LineClient fresh = TlsClients.connect(address, TlsClients.context(second, null))) {
                    assertEquals(secondSerial, serial(fresh), "a new connection sees the new certificate");
                    assertEquals("FRESH\n", ask(fresh, "fresh"));
                }
                assertEquals("STILL OPEN\n", ask(open, "still open"), "the open connection keeps working");
                assertEquals(firstSerial, serial(open));
            }
        }
    }

    @Test
    void newSettingsApplyToNewConnectionsOnly() throws Exception {
        String yaml = "listeners: {u: {protocol: upper, host: 127.0.0.1, port: 0, max-line-length: 100}}\n";
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            int port = s.port("u");
            try (LineClient old = LineClient.connect(s.loopback("u"))) {
                assertEquals("HELLO\n", ask(old, "hello"));
                reload(s, yaml.replace("port: 0", "port: " + port).replace("100", "8"));
                assertEquals(port, s.port("u"), "the listener kept its socket");
                try (LineClient fresh = LineClient.connect(s.loopback("u"))) {
                    assertEquals("ERROR line too long (max 8 bytes)\n", ask(fresh, "a rather long line"));
                }
                assertEquals("A RATHER LONG LINE\n", ask(old, "a rather long line"));
            }
        }
    }

    @Test
    void listenersAreAddedRemovedAndMoved() throws Exception {
        try (RunningServer s = RunningServer.start(dir, """
                listeners:
                  stays: {protocol: upper, host: 127.0.0.1, port: 0}
                  goes: {protocol: upper, host: 127.0.0.1, port: 0}
                  moves: {protocol: upper, host: 127.0.0.1, port: 0}
                """)) {
            int stays = s.port("stays");
            InetSocketAddress goes = s.loopback("goes");
            InetSocketAddress movesFrom = s.loopback("moves");
            int movesTo;
            try (ServerSocket free = new ServerSocket(0)) {
                movesTo = free.getLocalPort();
            }
            reload(s, "listeners:\n"
                    + "  stays: {protocol: upper, host: 127.0.0.1, port: " + stays + "}\n"
                    + "  moves: {protocol: upper, host: 127.0.0.1, port: " + movesTo + "}\n"
                    + "  comes: {protocol: upper, host: 127.0.0.1, port: 0}\n");
            assertEquals(movesTo, s.port("moves"));
            for (String name : List.of("stays", "moves", "comes")) {
                try (LineClient c = LineClient.connect(s.loopback(name))) {
                    assertEquals("UP\n", ask(c, "up"), name);
                }
            }
            assertFalse(s.server().listeners().containsKey("goes"));
            assertThrows(ConnectException.class, () -> LineClient.connect(goes).close());
            assertThrows(ConnectException.class, () -> LineClient.connect(movesFrom).close());
        }
    }

    @Test
    void aReloadThatCannotBindChangesNothing() throws Exception {
        String yaml = "listeners: {u: {protocol: upper, host: 127.0.0.1, port: 0}}\n";
        try (RunningServer s = RunningServer.start(dir, yaml); ServerSocket taken = new ServerSocket(0)) {
            int port = s.port("u");
            Files.writeString(s.configFile(), "listeners:\n"
                    + "  u: {protocol: upper, host: 127.0.0.1, port: " + port + ", max-line-length: 4}\n"
                    + "  new: {protocol: upper, host: 127.0.0.1, port: " + taken.getLocalPort() + "}\n");
            assertThrows(StartupException.class,
                    () -> s.server().reload(new ConfigLoader().load(s.configFile(), List.of())));
            assertEquals(List.of("u"), List.copyOf(s.server().listeners().keySet()));
            try (LineClient c = LineClient.connect(s.loopback("u"))) {
                assertEquals("LONGER THAN FOUR\n", ask(c, "longer than four"), "the old settings stay");
            }
        }
    }

    @Test
    void reloadsUnderLoadFailNoRequest() throws Exception {
        Path certs = dir.resolve("certs");
        TestPki pki = TestPki.create(certs);
        String yaml = pki.tlsYaml(0) + """
                listeners:
                  plain: {protocol: upper, host: 127.0.0.1, port: 0}
                  secure: {protocol: upper, host: 127.0.0.1, port: 0, tls: true}
                """;
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            String fixed = yaml.replace("plain: {protocol: upper, host: 127.0.0.1, port: 0}",
                    "plain: {protocol: upper, host: 127.0.0.1, port: " + s.port("plain") + "}")
                    .replace("secure: {protocol: upper, host: 127.0.0.1, port: 0",
                            "secure: {protocol: upper, host: 127.0.0.1, port: " + s.port("secure"));
            SSLContext tls = TlsClients.context(pki, null);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            List<CompletableFuture<Void>> load = List.of(
                    CompletableFuture.runAsync(() -> loop(running, ok, failed, () -> LineClient.connect(s.loopback("plain")))),
                    CompletableFuture.runAsync(() -> loop(running, ok, failed,
                            () -> TlsClients.connect(s.loopback("secure"), tls))));
            for (int i = 0; i < 6; i++) {
                Thread.sleep(150);
                reload(s, fixed.replace("protocol: upper", "protocol: upper, max-line-length: " + (100 + i)));
            }
            Thread.sleep(150);
            running.set(false);
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(0, failed.get(), "requests failed across reloads");
            assertTrue(ok.get() > 20, "the load ran: " + ok.get());
        }
    }

    interface Connect {
        LineClient open() throws Exception;
    }

    private static void loop(AtomicBoolean running, AtomicInteger ok, AtomicInteger failed, Connect connect) {
        int i = 0;
        while (running.get() && i++ < 100_000) {
            try (LineClient c = connect.open()) {
                if ("PING\n".equals(ask(c, "ping"))) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
    }
}
