package org.camelot.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A common listener key is declared once, as a component of {@link ListenerCommon}; the rest follows from it. */
class ListenerCommonTest {

    @TempDir
    Path dir;

    private static List<String> componentKeys() {
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : ListenerCommon.class.getRecordComponents()) {
            keys.add(c.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
        }
        return keys;
    }

    @Test
    void theKnownKeysAreTheComponentsAndTheBlocks() {
        List<String> expected = new ArrayList<>(componentKeys());
        expected.addAll(List.of("tls", "concurrency", "work"));
        assertEquals(expected, ListenerCommon.KEYS);
    }

    @Test
    void everyKeyIsBoundRenderedByCheckAndListedForATypo() throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, """
                listeners:
                  u: {protocol: upper, host: 127.0.0.1, port: 0, idle-timeout: 7s, max-connections-per-client: 4}
                """);
        ConfigLoader loader = new ConfigLoader();
        CamelotConfig config = loader.load(file, List.of());
        String rendered = loader.render(config);
        for (String key : componentKeys()) {
            if (!List.of("protocol", "host", "port").contains(key)) {
                assertTrue(rendered.contains("\n    " + key + ":"), key + " in --check:\n" + rendered);
            }
        }
        assertTrue(rendered.contains("idle-timeout: 7s"), rendered);
        assertTrue(rendered.contains("max-connections-per-client: 4"), rendered);

        Files.writeString(file, "listeners: {u: {protocol: upper, port: 0, max-conections: 3}}\n");
        String m = assertThrows(ConfigException.class, () -> loader.load(file, List.of())).getMessage();
        assertTrue(m.contains("listeners.u.max-conections: unknown key"), m);
        assertTrue(m.contains("did you mean \"max-connections\"?"), m);
        for (String key : ListenerCommon.KEYS) {
            assertTrue(m.contains(key), key + " among the known keys: " + m);
        }
    }

    @Test
    void aKeyDefaultsAndValidatesInItsDeclaration() throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, "listeners: {u: {protocol: upper, port: 0, max-connections: -1}}\n");
        String m = assertThrows(ConfigException.class, () -> new ConfigLoader().load(file, List.of())).getMessage();
        assertEquals(file + ": listeners.u.max-connections: -1 (expected: an integer from 0 to 10000000)", m);
        Files.writeString(file, "listeners: {u: {protocol: upper, port: 0}}\n");
        ListenerCommon common = new ConfigLoader().load(file, List.of()).listeners().get(0).common();
        assertEquals(new ListenerCommon("upper", null, 0, null, null, null, null, null, null, null, null), common);
        assertEquals(java.time.Duration.ofSeconds(60), common.idleTimeout());
    }

    @Test
    void theReadmeDocumentsEveryKey() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String key : ListenerCommon.KEYS) {
            assertTrue(readme.contains("| `" + key + "` |"), key + " in README's listener keys");
        }
    }
}
