package org.camelot.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.camelot.server.config.LoggingSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogbackSetupTest {

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        LogbackSetup.apply(LoggingSettings.defaults());
    }

    @Test
    void writesARollingFileAndTheAccessLogApart() throws Exception {
        Path main = dir.resolve("camelot.log");
        Path access = dir.resolve("access.log");
        LogbackSetup.apply(new LoggingSettings("info", Map.of("camelot.test.quiet", "error"), true, main, access,
                "1MB", 3));
        Logger app = LoggerFactory.getLogger("camelot.test.app");
        app.info("an application line");
        LoggerFactory.getLogger("camelot.test.quiet").warn("a suppressed warning");
        LoggerFactory.getLogger(LogbackSetup.ACCESS_LOGGER).info("127.0.0.1 - - [x] \"GET / HTTP/1.1\" 200 5");
        String mainText = Files.readString(main);
        String accessText = Files.readString(access);
        assertTrue(mainText.contains("an application line"), mainText);
        assertFalse(mainText.contains("a suppressed warning"), "levels applied");
        assertFalse(mainText.contains("GET / HTTP/1.1"), "the access log stays out of the main log");
        assertEquals("127.0.0.1 - - [x] \"GET / HTTP/1.1\" 200 5\n", accessText);
    }

    @Test
    void applyingAgainUndoesThePreviousLevels() {
        LogbackSetup.apply(new LoggingSettings("info", Map.of("camelot.test.noisy", "debug"), true, null, null, null, null));
        assertTrue(LoggerFactory.getLogger("camelot.test.noisy").isDebugEnabled());
        LogbackSetup.apply(new LoggingSettings("warn", Map.of(), true, null, null, null, null));
        assertFalse(LoggerFactory.getLogger("camelot.test.noisy").isDebugEnabled());
        assertFalse(LoggerFactory.getLogger("camelot.test.noisy").isInfoEnabled());
    }
}
