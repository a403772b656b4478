package org.camelot.examples.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.framed.Reply;
import org.junit.jupiter.api.Test;

class KeyValueStoreTest {

    private final KeyValueStore store = new KeyValueStore(new KvSettings(2, null));

    private String ask(String line) {
        return new String(store.answer(line.getBytes(UTF_8)).bytes(), UTF_8);
    }

    @Test
    void keepsReplacesAndDeletesValues() {
        assertEquals("NOT_FOUND\n", ask("GET a"));
        assertEquals("OK\n", ask("SET a one two"));
        assertEquals("VALUE one two\n", ask("GET a"));
        assertEquals("OK\n", ask("SET a three\r"));
        assertEquals("VALUE three\n", ask("GET a"));
        assertEquals("DELETED\n", ask("DEL a"));
        assertEquals("NOT_FOUND\n", ask("DEL a"));
    }

    @Test
    void refusesNewKeysPastMaxEntries() {
        assertEquals("OK\n", ask("SET a 1"));
        assertEquals("OK\n", ask("SET b 2"));
        assertEquals("ERROR full\n", ask("SET c 3"));
        assertEquals("OK\n", ask("SET b 4"));
        assertEquals("DELETED\n", ask("DEL a"));
        assertEquals("OK\n", ask("SET c 3"));
    }

    @Test
    void answersUsageToMalformedCommandsAndClosesOnQuit() {
        assertTrue(ask("FROB x").startsWith("ERROR expected"));
        assertTrue(ask("SET a").startsWith("ERROR expected"));
        assertTrue(ask("").startsWith("ERROR expected"));
        Reply bye = store.answer("QUIT".getBytes(UTF_8));
        assertTrue(bye.close());
        assertFalse(store.tooLong("/127.0.0.1:1").close());
    }

    @Test
    void settingsTakeDefaultsForAbsentKeysAndRefuseBadValues() {
        KvSettings defaults = new KvSettings(null, null);
        assertEquals(10_000, defaults.maxEntries());
        assertEquals(1024, defaults.maxLineLength());
        assertThrows(InvalidSettingException.class, () -> new KvSettings(0, null));
    }
}
