package org.camelot.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.camelot.client.command.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code upper HOST PORT LINE...}: sends each line and prints the upper-cased answer. */
@Command(name = "upper", mixinStandardHelpOptions = true,
        description = "Sends lines to an upper listener and prints what comes back.")
final class UpperCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Server host.")
    String host;

    @Parameters(index = "1", description = "Server port.")
    int port;

    @Parameters(index = "2..*", arity = "1..*", description = "Lines to send.")
    List<String> lines;

    @Option(names = "--timeout", defaultValue = "5000", description = "Milliseconds to wait for each answer (default: ${DEFAULT-VALUE}).")
    int timeoutMillis;

    @Override
    public Integer call() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String answer = in.readLine();
                if (answer == null) {
                    System.err.println("upper: " + host + ":" + port + " closed the connection");
                    return ExitCodes.FAILED;
                }
                System.out.println(answer);
            }
            return 0;
        } catch (java.io.IOException e) {
            System.err.println("upper: " + host + ":" + port + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
