package org.camelot.protocol.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routes of the same files share one loaded survey, released with the last of them; changed files load anew. */
class SurveyCacheTest {

    @TempDir
    Path dir;

    private final SurveyCache cache = new SurveyCache();
    private final AtomicInteger loads = new AtomicInteger();

    private SurveyCache.Lease acquire(Path csv, boolean precompress) throws Exception {
        return cache.acquire(SurveyCache.Key.of(csv, null, precompress, Long.MAX_VALUE), () -> {
            loads.incrementAndGet();
            return Survey.load(csv, null, precompress, Long.MAX_VALUE);
        });
    }

    private static String whole(Survey survey) {
        ByteBuf b = survey.rows(false).whole();
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void theSameFilesAreLoadedOnceAndLiveUntilTheLastRouteCloses() throws Exception {
        List<SurveyFiles.Row> rows = SurveyFiles.random(3, 200);
        Path csv = SurveyFiles.write(dir, "survey.csv", rows);
        SurveyCache.Lease first = acquire(csv, true);
        // Another spelling of the same file is the same survey.
        SurveyCache.Lease second = acquire(dir.resolve(".").resolve("survey.csv"), true);
        assertTrue(first.loaded());
        assertFalse(second.loaded());
        assertSame(first.survey(), second.survey());
        assertEquals(1, loads.get());
        assertEquals(1, cache.size());

        Survey survey = first.survey();
        first.close();
        first.close();   // closing twice releases once
        assertEquals(SurveyFiles.expectedJson(rows), whole(survey), "the other route still serves it");
        assertEquals(1, cache.size());

        second.close();
        assertEquals(0, cache.size());
        assertThrows(IllegalReferenceCountException.class, () -> survey.rows(false).whole(),
                "its buffers were released with the last route");

        SurveyCache.Lease again = acquire(csv, true);
        assertTrue(again.loaded(), "a survey no route holds is loaded again");
        assertNotSame(survey, again.survey());
        assertEquals(2, loads.get());
        again.close();
    }

    @Test
    void aChangedFileOrOtherSettingsLoadAnotherSurvey() throws Exception {
        Path csv = SurveyFiles.write(dir, "survey.csv", SurveyFiles.random(4, 100));
        try (SurveyCache.Lease first = acquire(csv, true);
             SurveyCache.Lease unzipped = acquire(csv, false)) {
            assertNotSame(first.survey(), unzipped.survey());
            assertEquals(2, cache.size());

            List<SurveyFiles.Row> changed = SurveyFiles.random(5, 100);
            SurveyFiles.write(dir, "survey.csv", changed);
            Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 5000));
            try (SurveyCache.Lease reloaded = acquire(csv, true)) {
                assertTrue(reloaded.loaded());
                assertNotEquals(first.survey().tag(), reloaded.survey().tag());
                assertEquals(SurveyFiles.expectedJson(changed), whole(reloaded.survey()));
            }
            assertEquals(3, loads.get());
        }
        assertEquals(0, cache.size());
    }

    @Test
    void aFileThatFailsToLoadLeavesNothingBehind() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), SurveyFiles.HEADER + "\nL1,x,1,R,2020,1,1,sp,1\n");
        assertThrows(MalformedCsvException.class, () -> acquire(csv, true));
        assertEquals(0, cache.size());
        SurveyFiles.write(dir, "bad.csv", SurveyFiles.random(6, 10));
        Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 5000));
        try (SurveyCache.Lease lease = acquire(csv, true)) {
            assertTrue(lease.loaded());
        }
    }
}
