package org.camelot.server.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hostile corpus reads as its files say (part of {@code make test}, so a broken case file is found at once). */
class HostileCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/hostile");

    @Test
    void everyCaseFileParsesWithAnExpectationAndBytes() throws Exception {
        List<HostileCase> cases = HostileCase.loadAll(CORPUS);
        assertTrue(cases.size() >= 50, "cases: " + cases.size());
        for (HostileCase c : cases) {
            assertFalse(c.expected().isEmpty(), c.name());
            assertTrue(c.bytes().length > 0, c.name());
            assertFalse(c.description().isBlank(), c.name());
        }
    }

    @Test
    void bodyLengthCoversEverythingAfterTheHead() throws Exception {
        Map<String, HostileCase> cases = HostileCase.loadAll(CORPUS).stream()
                .collect(Collectors.toMap(HostileCase::name, Function.identity()));
        String text = new String(cases.get("cl-te").bytes(), StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("Content-Length: (\\d+)\r\n").matcher(text);
        assertTrue(m.find(), text);
        int body = text.length() - (text.indexOf("\r\n\r\n") + 4);
        assertEquals(body, Integer.parseInt(m.group(1)));
        assertTrue(text.endsWith("GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"), text);
    }

    @Test
    void escapesRepeatsAndJoinedLinesGiveExactBytes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sample.http");
        Files.writeString(f, """
                # a sample
                direct: 400|405 200 any
                ---
                A\\0B\\x7f\\\\{{repeat 3 ab}}
                no line end\\
                """, StandardCharsets.ISO_8859_1);
        HostileCase c = HostileCase.load(f);
        assertEquals("sample", c.name());
        assertEquals("a sample", c.description());
        assertEquals(List.of(Set.of(400, 405), Set.of(200)), c.expected());
        assertEquals(HostileCase.Closing.ANY, c.closing());
        assertArrayEquals("A\0B\u007f\\ababab\r\nno line end".getBytes(StandardCharsets.ISO_8859_1), c.bytes());
    }
}
