package org.camelot.server.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any configuration file: the loader gives a configuration, or a {@link ConfigException} whose every line names
 * the file, a key path, the value and what was expected; never another exception, whose stack trace is all a user
 * would see. Host names in the file do not resolve (no DNS query leaves the test), so a {@code host:} that is not an
 * address or {@code localhost} is one more configuration error.
 *
 * <p>A seed is the file's bytes.
 */
class ConfigLoaderFuzzTest {

    private static Path dir;

    @BeforeAll
    static void offline() throws IOException {
        OfflineResolverProvider.offline = true;
        dir = Files.createTempDirectory("camelot-config-fuzz");
    }

    @AfterAll
    static void online() throws IOException {
        OfflineResolverProvider.offline = false;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "5m")
    void anyFileGivesAConfigurationOrAMessage(byte[] yaml) {
        Path file = dir.resolve("camelot.yaml");
        try {
            Files.write(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigLoader loader = new ConfigLoader();
        try {
            CamelotConfig config = loader.load(file, List.of());
            assertFalse(loader.render(config).isBlank());
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty());
            // The file's own text is quoted in messages, and the fuzzer learns the words looked for here.
            String text = new String(yaml, StandardCharsets.UTF_8);
            for (String line : e.getMessage().split("\n")) {
                assertTrue(line.startsWith(file + ": ") && line.endsWith(")"), "a message for people: " + line);
                for (String trace : List.of("Exception", "Error:", "\tat ", "java.")) {
                    assertFalse(line.contains(trace) && !text.contains(trace), "no exception in: " + line);
                }
            }
        }
    }
}
