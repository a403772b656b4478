package org.camelot.protocol.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFilesTest {

    private static final Path TEMP = temp();
    private static final String PREFIX = TEMP.resolve("camelot-birds-").toString();

    private static Path temp() {
        try {
            return Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TempDir
    Path dir;

    @Test
    void theWholeAnswersAreReadBackFromUnlinkedFilesWhileTheSurveyLives() throws Exception {
        List<SurveyFiles.Row> rows = SurveyFiles.random(7, 300);
        Path csv = SurveyFiles.write(dir, "survey.csv", rows);
        long before = heldDescriptors();
        Survey survey = Survey.load(csv, null, true, Long.MAX_VALUE);
        WholeFiles files;
        try {
            files = survey.wholeFiles();
            assertNotNull(files, "Linux keeps the whole answers in files");
            assertSame(files, survey.wholeFiles(), "written once, for every route of the survey");
            assertEquals(before + 2, heldDescriptors(), "one descriptor per format keeps each file");
            assertEquals(0, linkedFiles(), "the files have no name left on disk");
            for (int i = 0; i < 3; i++) {
                assertEquals(SurveyFiles.expectedJson(rows), read(files.open(false), files.length(false)));
                assertEquals(SurveyFiles.expectedCsv(rows), read(files.open(true), files.length(true)));
            }
            assertEquals(before + 2, heldDescriptors(), "each request's descriptor is its own, closed after use");
        } finally {
            survey.close();
        }
        assertEquals(before, heldDescriptors(), "the files go with the survey");
        assertNull(files.open(false), "a closed survey's descriptor number may lead elsewhere: nothing is opened");
    }

    private static String read(FileChannel file, long length) throws IOException {
        try (file) {
            ByteBuffer b = ByteBuffer.allocate((int) length);
            while (b.hasRemaining() && file.read(b, b.position()) > 0) {
                // reads by position, as sendfile does
            }
            assertEquals(length, file.size());
            return new String(b.array(), StandardCharsets.UTF_8);
        }
    }

    /** Descriptors of this process that lead to a whole-answer file. */
    private static long heldDescriptors() throws IOException {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(PREFIX)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }

    private static long linkedFiles() throws IOException {
        try (Stream<Path> files = Files.list(TEMP)) {
            return files.filter(f -> f.toString().startsWith(PREFIX)).count();
        }
    }

    @Test
    void theDescriptorsLeadToDeletedFiles() throws Exception {
        Path csv = SurveyFiles.write(dir, "survey.csv", SurveyFiles.random(8, 20));
        try (Survey survey = Survey.load(csv, null, false, 0)) {
            assertNotNull(survey.wholeFiles());
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
                long deleted = 0;
                for (Path fd : fds) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith(PREFIX)) {
                            assertTrue(target.endsWith(" (deleted)"), target);
                            deleted++;
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
                assertTrue(deleted >= 2, "one per format at least");
            }
        }
    }
}
