package org.camelot.server.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Survey files and settings the daemon refuses to start with: a configuration error naming the listener's key, the
 * file, the line, the column and the problem, and exit code 2 from the real command line.
 */
class BirdsConfigTest {

    static final String HEADER = String.join(",", SampleSurvey.COLUMNS) + "\n";
    static final String ROW = "L1,60.5,-135.25,CA-YT,2021,2,1,redcro,3.0\n";

    @TempDir
    Path dir;

    String yaml(String routeKeys) {
        return "listeners:\n  web:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    routes:\n"
                + "      birds:\n" + routeKeys.indent(8);
    }

    ConfigException refused(String routeKeys) {
        return assertThrows(ConfigException.class, () -> RunningServer.start(dir, yaml(routeKeys)).close());
    }

    @Test
    void aMalformedValueNamesFileLineColumnAndProblem() throws Exception {
        Path csv = Files.writeString(dir.resolve("survey.csv"), HEADER + ROW + ROW
                + "L1,60.5,-135.25,CA-YT,2021,twelve,1,redcro,3.0\n");
        ConfigException e = refused("csv: survey.csv");
        assertEquals(dir.resolve("camelot.yaml") + ": listeners.web.routes.birds.csv: \"" + csv + "\" (expected: a "
                + "well-formed survey CSV, but " + csv + ": line 4, column 6 (month): \"twelve\" is not an integer)",
                e.getMessage());
    }

    @Test
    void aRowWithAColumnMissingNamesItsLine() throws Exception {
        Files.writeString(dir.resolve("survey.csv"), HEADER + ROW + "L1,60.5,-135.25,CA-YT,2021,2,1,redcro\n");
        String m = refused("csv: survey.csv").getMessage();
        assertTrue(m.contains("survey.csv: line 3: Not enough column values: expected 9, found 8"), m);
    }

    @Test
    void aWrongHeaderNamesTheColumn() throws Exception {
        Files.writeString(dir.resolve("survey.csv"), HEADER.replace("species_id", "species") + ROW);
        String m = refused("csv: survey.csv").getMessage();
        assertTrue(m.endsWith("survey.csv: line 1, column 8 (species_id): header column \"species\" where "
                + "\"species_id\" was expected)"), m);
    }

    @Test
    void aMissingFileIsAConfigError() {
        ConfigException e = refused("csv: absent.csv");
        assertEquals(dir.resolve("camelot.yaml") + ": listeners.web.routes.birds.csv: \"" + dir.resolve("absent.csv")
                + "\" (expected: an existing CSV file)", e.getMessage());
        ConfigException directory = refused("csv: .");
        assertTrue(directory.getMessage().contains("(expected: an existing CSV file)"), directory.getMessage());
    }

    @Test
    void aMissingCsvKeyIsAConfigError() {
        ConfigException e = refused("path: /birds");
        assertTrue(e.getMessage().contains("listeners.web.routes.birds.csv: (missing) (expected: the survey CSV file"),
                e.getMessage());
    }

    @Test
    void aMalformedSpeciesFileIsReportedUnderItsOwnKey() throws Exception {
        Files.writeString(dir.resolve("survey.csv"), HEADER + ROW);
        Path species = Files.writeString(dir.resolve("species.csv"), "species_id,sci_name,en_us\nredcro,Loxia\n");
        String m = refused("csv: survey.csv\nspecies: species.csv").getMessage();
        assertTrue(m.contains("listeners.web.routes.birds.species: \"" + species + "\" (expected: a well-formed species "
                + "CSV, but " + species + ": line 2: Not enough column values: expected 3, found 2)"), m);
        assertTrue(refused("csv: survey.csv\nspecies: none.csv").getMessage()
                .contains("listeners.web.routes.birds.species: "), "a missing species file too");
    }

    @Test
    void settingsOutOfRangeAreRefused() throws Exception {
        long size = Files.size(Files.writeString(dir.resolve("survey.csv"), HEADER + ROW));
        assertRefused("csv: survey.csv\nstream-threshold: -1",
                "listeners.web.routes.birds.stream-threshold: -1 (expected: an integer from 0 to");
        assertRefused("csv: survey.csv\nmax-file-size: 10",
                "(expected: a file of at most 10 bytes (max-file-size), but it has " + size + ")");
        assertRefused("csv: survey.csv\ncache-control: \"\\u0001\"", "listeners.web.routes.birds.cache-control");
        assertRefused("csv: survey.csv\ncolour: blue", "colour");
    }

    void assertRefused(String routeKeys, String part) {
        String m = refused(routeKeys).getMessage();
        assertTrue(m.contains(part), m);
    }

    @Test
    void theDaemonExitsWithCode2AndTheMessage() throws Exception {
        Path csv = Files.writeString(dir.resolve("survey.csv"), HEADER + "L1,sixty,-135.25,CA-YT,2021,2,1,redcro,3.0\n");
        Path config = Files.writeString(dir.resolve("camelot.yaml"), yaml("csv: survey.csv"));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.camelot.server.Main", "--config", config.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err + new String(out, StandardCharsets.UTF_8));
        assertTrue(err.contains(csv + ": line 2, column 2 (latitude): \"sixty\" is not a number"), err);
        assertFalse(err.contains("\tat "), "no stack trace");
    }
}
