package org.camelot.client.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelot.client.Main;
import org.camelot.client.command.ExitCodes;
import org.camelot.protocol.udp.UdpMode;
import org.junit.jupiter.api.Test;

class UdpSendCommandTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** One run of the client: its exit code, and what it printed. */
    record Run(int exit, String out, String err) {
    }

    static Run client(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] strings = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int exit = cl.execute(strings);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A socket that receives and never answers. */
    private static DatagramSocket silentPeer() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
        socket.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void printsTheReplyOfAnUpperListener() throws Exception {
        try (UdpTestListener server = new UdpTestListener(LOOPBACK, UdpMode.UPPER)) {
            Run run = client("udp", "send", "127.0.0.1", server.port(), "hello, straße", "--reply");
            assertEquals(0, run.exit(), run.err());
            assertEquals("HELLO, STRASSE" + System.lineSeparator(), run.out());
        }
    }

    @Test
    void sendsWithoutWaitingWhenNoReplyIsAsked() throws Exception {
        try (DatagramSocket peer = silentPeer()) {
            Run run = client("udp", "send", "127.0.0.1", peer.getLocalPort(), "hello été");
            assertEquals(0, run.exit(), run.err());
            assertEquals("", run.out());
            assertArrayEquals("hello été".getBytes(StandardCharsets.UTF_8), receive(peer));
        }
    }

    @Test
    void exitsNonZeroWhenTheReplyDoesNotComeInTime() throws Exception {
        try (DatagramSocket peer = silentPeer()) {
            Run run = client("udp", "send", "127.0.0.1", peer.getLocalPort(), "anyone?", "--reply", "--timeout", "200ms");
            assertEquals(ExitCodes.FAILED, run.exit());
            assertEquals("udp: no reply from 127.0.0.1:" + peer.getLocalPort() + " within 200ms",
                    run.err().strip());
        }
    }

    @Test
    void saysSoWhenNothingListens() throws Exception {
        int port;
        try (DatagramSocket gone = silentPeer()) {
            port = gone.getLocalPort();
        }
        Run run = client("udp", "send", "127.0.0.1", port, "hello", "--reply");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertTrue(run.err().contains("nothing listening on 127.0.0.1:" + port), run.err());
    }

    @Test
    void repeatsTheMessageToExactlyTheGivenSize() throws Exception {
        try (DatagramSocket peer = silentPeer()) {
            assertEquals(0, client("udp", "send", "127.0.0.1", peer.getLocalPort(), "abc", "--size", 60_000).exit());
            byte[] got = receive(peer);
            assertEquals(60_000, got.length);
            assertEquals("abc".repeat(20_000), new String(got, StandardCharsets.US_ASCII));
        }
        try (UdpTestListener server = new UdpTestListener(LOOPBACK, UdpMode.ECHO)) {
            Run run = client("udp", "send", "127.0.0.1", server.port(), "xy", "--size", 60_001, "--reply");
            assertEquals("xy".repeat(30_000) + "x" + System.lineSeparator(), run.out());
        }
    }

    @Test
    void countsRepliesFromSeveralSendersAndReportsPercentiles() throws Exception {
        try (UdpTestListener server = new UdpTestListener(LOOPBACK, UdpMode.ECHO)) {
            Run run = client("udp", "send", "127.0.0.1", server.port(), "ping", "--reply", "--count", 300,
                    "--senders", 3);
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("300 datagram(s) of 4 bytes from 3 sender(s), waiting for replies"),
                    run.out());
            assertTrue(run.out().contains("sent 300, replies 300, lost 0, errors 0"), run.out());
            Matcher result = Pattern.compile("RESULT sent=300 replies=300 lost=0 errors=0 .* p50_us=(\\d+) "
                    + "p90_us=(\\d+) p99_us=(\\d+) p999_us=(\\d+) max_us=(\\d+)").matcher(run.out());
            assertTrue(result.find(), run.out());
            assertTrue(Long.parseLong(result.group(1)) <= Long.parseLong(result.group(3)));
            assertTrue(Long.parseLong(result.group(3)) <= Long.parseLong(result.group(5)));
        }
    }

    @Test
    void reportsLostRepliesAndExitsNonZero() throws Exception {
        // answers every other datagram
        try (DatagramSocket peer = silentPeer()) {
            Thread answering = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        DatagramPacket p = new DatagramPacket(new byte[100], 100);
                        peer.receive(p);
                        if (i % 2 == 0) {
                            peer.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                        }
                    }
                } catch (IOException e) {
                    // the test has ended
                }
            });
            Run run = client("udp", "send", "127.0.0.1", peer.getLocalPort(), "x", "--reply", "--count", 10,
                    "--timeout", "150ms");
            answering.join(5_000);
            assertEquals(ExitCodes.FAILED, run.exit());
            assertTrue(run.out().contains("sent 10, replies 5, lost 5, errors 0"), run.out());
        }
    }

    @Test
    void stopsSendingWhenTheDurationRunsOut() throws Exception {
        try (DatagramSocket peer = silentPeer()) {
            Run run = client("udp", "send", "127.0.0.1", peer.getLocalPort(), "x", "--count", 100_000_000,
                    "--rate", 100, "--duration", "300ms");
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().contains("stopped by --duration 300ms after "), run.out());
            Matcher sent = Pattern.compile("RESULT sent=(\\d+)").matcher(run.out());
            assertTrue(sent.find());
            assertTrue(Long.parseLong(sent.group(1)) < 100, run.out());
        }
    }

    @Test
    void pacesDatagramsAtTheGivenRate() throws Exception {
        try (UdpTestListener server = new UdpTestListener(LOOPBACK, UdpMode.ECHO)) {
            long start = System.nanoTime();
            Run run = client("udp", "send", "127.0.0.1", server.port(), "x", "--reply", "--count", 21,
                    "--rate", 200);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, run.exit(), run.out());
            // the 21st datagram is due 100 ms after the first, no sooner
            assertTrue(elapsedMillis >= 100, elapsedMillis + " ms");
        }
    }

    @Test
    void refusesArgumentsOutOfBounds() {
        assertEquals(2, client("udp", "send", "127.0.0.1", 9, "x", "--count", 0).exit());
        assertEquals(2, client("udp", "send", "127.0.0.1", 9, "x", "--count", 100_000_001).exit());
        assertEquals(2, client("udp", "send", "127.0.0.1", 9, "x", "--count", 5000, "--senders", 1025).exit());
        assertEquals(2, client("udp", "send", "127.0.0.1", 9, "x", "--count", 2, "--senders", 3).exit());
        assertEquals(2, client("udp", "send", "127.0.0.1", 9, "x", "--size", 65_528).exit());
        assertEquals(2, client("udp", "send", "127.0.0.1", 9, "x", "--timeout", "0s").exit());
        assertEquals(2, client("udp", "send", "127.0.0.1", 9, "x", "--duration", "2h").exit());
        assertEquals(2, client("udp", "send", "127.0.0.1", 0, "x").exit());
        Run run = client("udp", "send", "127.0.0.1", 9, "x", "--timeout", "soon");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("'soon' is not a duration such as"), run.err());
    }

    @Test
    void talksToAnIpv6Listener() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            assumeTrue(probe.isBound());
        } catch (IOException e) {
            assumeTrue(false, "IPv6 loopback unavailable: " + e);
        }
        try (UdpTestListener server = new UdpTestListener(v6, UdpMode.UPPER)) {
            Run run = client("udp", "send", "::1", server.port(), "over six", "--reply");
            assertEquals(0, run.exit(), run.err());
            assertEquals("OVER SIX" + System.lineSeparator(), run.out());
        }
    }
}
