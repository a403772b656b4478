package org.camelot.server.http2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code curl} and returns what it received: the last status line, headers and body. */
final class Curl {

    /** One answer: the status line's protocol ({@code HTTP/2}, {@code HTTP/1.1}), status, headers, body. */
    record Reply(String protocol, int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Curl() {
    }

    /** curl with these arguments (the URL among them); {@code -s -D - -o FILE} are added. */
    static Reply run(Path dir, String... args) throws IOException, InterruptedException {
        Path body = Files.createTempFile(dir, "body", ".bin");
        Path head = Files.createTempFile(dir, "head", ".txt");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "-D", head.toString(),
                "-o", body.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("curl did not finish: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("curl " + String.join(" ", args) + " exited with " + p.exitValue() + ": " + out);
        }
        // With an upgrade or 100-continue there are several heads; the last one is the answer's.
        String[] blocks = Files.readString(head, StandardCharsets.ISO_8859_1).split("\r\n\r\n");
        String last = "";
        for (String b : blocks) {
            if (!b.isBlank()) {
                last = b.strip();
            }
        }
        String[] lines = last.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] bytes = Files.readAllBytes(body);
        Files.delete(body);
        Files.delete(head);
        return new Reply(status[0], Integer.parseInt(status[1]), headers, bytes);
    }
}
