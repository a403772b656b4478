package org.camelot.client.udp;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.camelot.client.command.DurationConverter;
import org.camelot.client.command.ExitCodes;
import org.camelot.protocol.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code udp send HOST PORT MESSAGE [--reply] [--timeout 2s] [--count N] ...}. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends MESSAGE as a datagram. With --reply, waits for the answer and prints it.",
                "With --count, sends that many (from --senders sockets at once) and reports how many replies came "
                        + "back and their round-trip latency percentiles."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:sent; with --reply, every reply came back",
                "1:a reply did not come back in time, nothing was listening, or a send failed",
                "2:invalid arguments"})
final class UdpSendCommand implements Callable<Integer> {

    static final int MAX_COUNT = 100_000_000;
    static final int MAX_SENDERS = 1024;
    static final int MAX_SIZE = 65_527;
    static final Duration MAX_DURATION = Duration.ofHours(1);

    @Parameters(index = "0", paramLabel = "HOST", description = "Server host name or address (127.0.0.1, ::1, localhost).")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "Server port.")
    int port;

    @Parameters(index = "2", paramLabel = "MESSAGE", description = "The datagram's text, sent as UTF-8.")
    String message;

    @Option(names = "--reply", description = "Wait for a reply to each datagram; print it when sending one.")
    boolean reply;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long to wait for each reply (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "Datagrams to send, at most " + MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "1",
            description = "Sockets sending at once, each from its own port, at most " + MAX_SENDERS
                    + " (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Datagrams per second across all senders; 0 sends as fast as replies allow "
                    + "(default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Stop sending after this long even if --count is not reached, at most 1h "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--size", paramLabel = "BYTES", description = "Repeat MESSAGE to exactly this many bytes, at most " + MAX_SIZE + ".")
    Integer size;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter err = spec.commandLine().getErr();
        InetSocketAddress target;
        try {
            target = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (IOException e) {
            err.println("udp: cannot resolve " + host + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        byte[] payload = payload();
        if (count == 1 && senders == 1) {
            return sendOne(target, payload);
        }
        UdpLoad.Result result = UdpLoad.run(new UdpLoad.Plan(target, payload, count, senders, reply, timeout, rate,
                duration));
        new UdpLoadReport(spec.commandLine().getOut()).print(target, payload.length, this, result);
        if (result.firstError() != null) {
            err.println("udp: " + result.firstError());
        }
        return result.errors() == 0 && result.lost() == 0 ? 0 : ExitCodes.FAILED;
    }

    private void validate() {
        check(port >= 1 && port <= 65_535, "PORT must be from 1 to 65535");
        check(count >= 1 && count <= MAX_COUNT, "--count must be from 1 to " + MAX_COUNT);
        check(senders >= 1 && senders <= MAX_SENDERS, "--senders must be from 1 to " + MAX_SENDERS);
        check(senders <= count, "--senders must not exceed --count");
        check(rate >= 0, "--rate must be 0 or more");
        check(!timeout.isNegative() && timeout.toMillis() >= 1 && timeout.compareTo(MAX_DURATION) <= 0,
                "--timeout must be from 1ms to 1h");
        check(duration.toMillis() >= 1 && duration.compareTo(MAX_DURATION) <= 0, "--duration must be from 1ms to 1h");
        check(size == null || size >= 0 && size <= MAX_SIZE, "--size must be from 0 to " + MAX_SIZE);
        check(size == null || size == 0 || !message.isEmpty(), "--size needs a non-empty MESSAGE to repeat");
        check(size != null || message.getBytes(StandardCharsets.UTF_8).length <= MAX_SIZE,
                "MESSAGE is over " + MAX_SIZE + " bytes, the largest UDP datagram");
    }

    private void check(boolean ok, String problem) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        }
    }

    private byte[] payload() {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (size == null) {
            return text;
        }
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i += text.length) {
            System.arraycopy(text, 0, payload, i, Math.min(text.length, size - i));
        }
        return payload;
    }

    private int sendOne(InetSocketAddress target, byte[] payload) {
        PrintWriter err = spec.commandLine().getErr();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.send(new DatagramPacket(payload, payload.length));
            if (!reply) {
                return 0;
            }
            byte[] buffer = new byte[65_536];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            socket.receive(answer);
            PrintWriter out = spec.commandLine().getOut();
            out.println(new String(Arrays.copyOf(buffer, answer.getLength()), StandardCharsets.UTF_8));
            out.flush();
            return 0;
        } catch (SocketTimeoutException e) {
            err.println("udp: no reply from " + display(target) + " within " + Durations.format(timeout));
        } catch (PortUnreachableException e) {
            err.println("udp: nothing listening on " + display(target) + " (ICMP port unreachable)");
        } catch (IOException e) {
            err.println("udp: " + display(target) + ": " + e.getMessage());
        }
        return ExitCodes.FAILED;
    }

    static String display(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
