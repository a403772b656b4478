package org.camelot.server.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One hostile request of the corpus ({@code src/test/resources/hostile/*.http}) and what Camelot must answer when it
 * is sent directly.
 *
 * <p>A case file is a few header lines, a line {@code ---}, then the bytes sent:
 * <pre>
 * # CL.TE: ...                   (comments; the first one is the case's description)
 * direct: 400|405 close          (the answers expected, in order, then close, keep or any)
 * ---
 * POST / HTTP/1.1
 * Content-Length: {{body-length}}
 * ...
 * </pre>
 * Every line of the bytes sent ends with CRLF, unless it ends with a backslash (then nothing is added). Escapes:
 * {@code \r \n \t \0 \xHH \\}; {@code {{repeat N TEXT}}} is TEXT N times; {@code {{body-length}}} is the number of
 * bytes after the first empty line (for a Content-Length that covers everything that follows the head).
 *
 * <p>The closing mode says what the connection must do after the expected answers: {@code close} (the server closes
 * it), {@code keep} (it stays open and answers a normal request next), {@code any} (either, but if it stays open it
 * must answer the next request correctly: no byte of the hostile request may be taken for that request).
 *
 * @param name        the file name without {@code .http}
 * @param description the first comment line
 * @param expected    per expected answer, the statuses accepted
 * @param closing     {@code close}, {@code keep} or {@code any}
 * @param bytes       the bytes sent
 */
record HostileCase(String name, String description, List<Set<Integer>> expected, Closing closing, byte[] bytes) {

    /** What the connection must do after the expected answers. */
    enum Closing { CLOSE, KEEP, ANY }

    private static final Pattern REPEAT = Pattern.compile("\\{\\{repeat (\\d+) (\\S+)}}");
    private static final String BODY_LENGTH = "{{body-length}}";

    /** Every case under {@code dir}, by name. */
    static List<HostileCase> loadAll(Path dir) throws IOException {
        List<HostileCase> cases = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".http")).sorted().toList()) {
                cases.add(load(f));
            }
        }
        return cases;
    }

    static HostileCase load(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.http$", "");
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        int separator = lines.indexOf("---");
        if (separator < 0) {
            throw new IOException(file + ": no --- line before the request bytes");
        }
        String description = null;
        String direct = null;
        for (String line : lines.subList(0, separator)) {
            if (line.startsWith("#")) {
                description = description == null ? line.substring(1).trim() : description;
            } else if (line.startsWith("direct:")) {
                direct = line.substring("direct:".length()).trim();
            } else if (!line.isBlank()) {
                throw new IOException(file + ": unknown line before ---: " + line);
            }
        }
        if (direct == null) {
            throw new IOException(file + ": no direct: line");
        }
        String[] words = direct.split("\\s+");
        Closing closing = Closing.valueOf(words[words.length - 1].toUpperCase(java.util.Locale.ROOT));
        List<Set<Integer>> expected = Arrays.stream(words, 0, words.length - 1)
                .map(w -> Arrays.stream(w.split("\\|")).map(Integer::valueOf).collect(Collectors.toUnmodifiableSet()))
                .toList();
        byte[] bytes = bytes(lines.subList(separator + 1, lines.size()), file);
        return new HostileCase(name, description == null ? name : description, expected, closing, bytes);
    }

    private static byte[] bytes(List<String> lines, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            Matcher m = REPEAT.matcher(line);
            StringBuilder expanded = new StringBuilder();
            while (m.find()) {
                String text = m.group(2).repeat(Integer.parseInt(m.group(1)));
                m.appendReplacement(expanded, Matcher.quoteReplacement(text));
            }
            m.appendTail(expanded);
            boolean joined = expanded.length() > 0 && expanded.charAt(expanded.length() - 1) == '\\'
                    && (expanded.length() < 2 || expanded.charAt(expanded.length() - 2) != '\\');
            unescape(joined ? expanded.substring(0, expanded.length() - 1) : expanded.toString(), out, file);
            if (!joined) {
                out.write('\r');
                out.write('\n');
            }
        }
        return fillBodyLength(out.toByteArray());
    }

    private static void unescape(String s, ByteArrayOutputStream out, Path file) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IOException(file + ": a lone backslash in: " + s);
            }
            switch (s.charAt(i)) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IOException(file + ": unknown escape \\" + s.charAt(i) + " in: " + s);
            }
        }
    }

    /** Replaces {@code {{body-length}}} by the number of bytes after the first empty line. */
    private static byte[] fillBodyLength(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(BODY_LENGTH);
        if (at < 0) {
            return raw;
        }
        int headEnd = text.indexOf("\r\n\r\n");
        int body = text.length() - (headEnd + 4);
        return text.replace(BODY_LENGTH, Integer.toString(body)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The expectation as written in the case file. */
    String expectation() {
        return expected.stream().map(s -> s.stream().sorted().map(String::valueOf).collect(Collectors.joining("|")))
                .collect(Collectors.joining(" ")) + " " + closing.name().toLowerCase(java.util.Locale.ROOT);
    }
}
