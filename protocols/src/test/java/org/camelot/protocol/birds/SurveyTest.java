package org.camelot.protocol.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loaded survey against a brute-force oracle: every query's rows, and its answer bytes built each way the route
 * builds them (one slice, a copy, a stream of chunks), compared with the JSON and CSV written by hand.
 */
class SurveyTest {

    @TempDir
    static Path dir;
    static List<SurveyFiles.Row> rows;
    static Survey survey;
    static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true);

    @BeforeAll
    static void load() throws Exception {
        rows = SurveyFiles.random(7, 3000);
        survey = Survey.load(SurveyFiles.write(dir, "survey.csv", rows), null, true, Long.MAX_VALUE);
    }

    @AfterAll
    static void close() {
        survey.close();
    }

    static Query query(Long year, Long month, String species, String loc, String region, long offset, long limit) {
        return new Query(year, month, species, loc, region, offset, limit);
    }

    static List<SurveyFiles.Row> oracle(Query q) {
        Predicate<SurveyFiles.Row> p = r -> (q.year() == null || r.year() == q.year())
                && (q.month() == null || r.month() == q.month())
                && (q.species() == null || r.species().equals(q.species()))
                && (q.locId() == null || r.locId().equals(q.locId()))
                && (q.region() == null || r.region().equals(q.region()));
        return rows.stream().filter(p).skip(q.offset()).limit(q.limit()).toList();
    }

    static String text(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    static String streamed(EncodedRows encoded, Selection s) throws Exception {
        long length = encoded.length(s);
        RowsInput in = new RowsInput(encoded, s, length);
        StringBuilder b = new StringBuilder();
        try {
            while (!in.isEndOfInput()) {
                ByteBuf chunk = in.readChunk(ALLOC);
                assertTrue(chunk.readableBytes() <= RowsInput.CHUNK || chunk.readableBytes() >= RowsInput.CHUNK / 2);
                b.append(text(chunk));
            }
            assertEquals(length, in.progress());
            assertEquals(length, in.length());
        } finally {
            in.close();
        }
        return b.toString();
    }

    void check(Query q) throws Exception {
        List<SurveyFiles.Row> expected = oracle(q);
        Selection s = survey.table().select(q);
        assertEquals(expected.size(), s.count(), q.toString());
        for (boolean csv : new boolean[] {false, true}) {
            String want = csv ? SurveyFiles.expectedCsv(expected) : SurveyFiles.expectedJson(expected);
            EncodedRows encoded = survey.rows(csv);
            assertEquals(want.getBytes(StandardCharsets.UTF_8).length, encoded.length(s), q.toString());
            assertEquals(want, text(encoded.copy(s, ALLOC)), q.toString());
            assertEquals(want, streamed(encoded, s), q.toString());
            if (s.contiguous()) {
                assertEquals(want, text(encoded.contiguous(s)), q.toString());
            }
            SurveyTable.Slot slot = survey.table().slot(q);
            if (slot != null) {
                Selection group = new Selection(null, slot.start(), slot.start() + slot.size())
                        .page(q.offset(), q.limit());
                ByteBuf answer = survey.clustered(slot.family(), csv).contiguous(group);
                if (group.count() == slot.size()) {
                    // A whole group is framed in its clustered copy: one slice, no composite to build per request.
                    assertFalse(answer instanceof CompositeByteBuf, q.toString());
                }
                assertEquals(want, text(answer), q.toString());
            } else {
                assertTrue(q.month() != null || q.locId() != null || q.region() != null || expected.isEmpty()
                        || !q.filtered(), "a year or species query has a slot: " + q);
            }
        }
    }

    @Test
    void everyFilterAloneAndCombinedMatchesTheOracle() throws Exception {
        check(Query.EVERYTHING);
        for (long year = 2019; year <= 2024; year++) {
            check(query(year, null, null, null, null, 0, Long.MAX_VALUE));
            for (String sp : new String[] {"bkcchi", "nobird", "pingro", "absent"}) {
                check(query(year, null, sp, null, null, 0, Long.MAX_VALUE));
                check(query(null, null, sp, null, null, 0, Long.MAX_VALUE));
                check(query(year, 3L, sp, null, null, 0, Long.MAX_VALUE));
            }
        }
        for (long month = 1; month <= 12; month++) {
            check(query(null, month, null, null, null, 0, Long.MAX_VALUE));
            check(query(null, month, null, null, "CA-BC", 0, Long.MAX_VALUE));
        }
        check(query(null, null, null, "L1004", null, 0, Long.MAX_VALUE));
        check(query(2022L, null, null, "L1004", "CA-BC", 0, Long.MAX_VALUE));
        check(query(2022L, null, null, "L1004", "US-NY", 0, Long.MAX_VALUE));
        check(query(null, null, null, null, "US-NY", 0, Long.MAX_VALUE));
        check(query(Long.MAX_VALUE, null, null, null, null, 0, Long.MAX_VALUE));
        check(query(Long.MIN_VALUE, null, null, null, null, 0, Long.MAX_VALUE));
    }

    @Test
    void pagesMatchTheOracleIncludingPastTheEnd() throws Exception {
        Random r = new Random(3);
        List<Query> queries = new ArrayList<>(List.of(
                query(null, null, null, null, null, 0, 0), query(null, null, null, null, null, 2999, 10),
                query(null, null, null, null, null, 3000, 10), query(null, null, null, null, null, 5, 1),
                query(null, null, null, null, null, Long.MAX_VALUE, Long.MAX_VALUE),
                query(2021L, null, null, null, null, Long.MAX_VALUE, 1)));
        for (int i = 0; i < 60; i++) {
            queries.add(query(r.nextBoolean() ? null : 2020L + r.nextInt(4), null,
                    r.nextBoolean() ? null : "comred", null, null, r.nextInt(800), r.nextInt(900)));
        }
        for (Query q : queries) {
            check(q);
        }
    }

    @Test
    void clusteredCopiesAreBuiltMostSelectiveFirstWithinTheBudget() throws Exception {
        Path file = SurveyFiles.write(dir, "budget.csv", rows);
        long each = survey.rows(false).wholeLength() + survey.rows(true).wholeLength()
                + (long) survey.table().groupStarts(SurveyTable.Family.YEAR_AND_SPECIES).length
                * (survey.rows(false).framing() + survey.rows(true).framing());
        for (int fit = 0; fit <= 3; fit++) {
            try (Survey s = Survey.load(file, null, false, fit * each + each - 1)) {
                assertEquals(fit, s.clusteredCopies());
                assertEquals(fit >= 1, s.clustered(SurveyTable.Family.YEAR_AND_SPECIES, false) != null);
                assertEquals(fit >= 2, s.clustered(SurveyTable.Family.SPECIES, true) != null);
                assertEquals(fit >= 3, s.clustered(SurveyTable.Family.YEAR, false) != null);
            }
        }
    }

    @Test
    void theWholeSurveyIsOneSliceOfTheSharedBuffer() {
        Selection all = survey.table().select(Query.EVERYTHING);
        ByteBuf whole = survey.rows(false).contiguous(all);
        try {
            assertEquals(survey.rows(false).wholeLength(), whole.readableBytes());
            assertTrue(whole.isDirect());
            assertEquals(SurveyFiles.expectedJson(rows), whole.toString(StandardCharsets.UTF_8));
        } finally {
            whole.release();
        }
    }

    @Test
    void theStreamSendsLongRunsAsSlicesAndGathersShortOnes() throws Exception {
        // Every row but one: two long runs of consecutive rows, the rest copied.
        int[] most = new int[2999];
        for (int i = 0, k = 0; i < 3000; i++) {
            if (i != 1500) {
                most[k++] = i;
            }
        }
        Selection s = new Selection(most, 0, most.length);
        EncodedRows json = survey.rows(false);
        RowsInput in = new RowsInput(json, s, json.length(s));
        List<ByteBuf> chunks = new ArrayList<>();
        try {
            while (!in.isEndOfInput()) {
                chunks.add(in.readChunk(ALLOC));
            }
        } finally {
            in.close();
        }
        StringBuilder b = new StringBuilder();
        for (ByteBuf c : chunks) {
            b.append(text(c));
        }
        List<SurveyFiles.Row> expected = new ArrayList<>(rows);
        expected.remove(1500);
        assertEquals(SurveyFiles.expectedJson(expected), b.toString());
        assertTrue(chunks.size() <= 4, "long runs go out whole: " + chunks.size() + " chunks");
    }

    @Test
    void speciesListingCountsTheMatchingRowsById() {
        String all = new String(survey.species().answer(Selection.all(rows.size()), true, 0, Long.MAX_VALUE, false),
                StandardCharsets.UTF_8);
        StringBuilder want = new StringBuilder("[");
        rows.stream().map(SurveyFiles.Row::species).distinct().sorted().forEach(sp -> want
                .append(want.length() > 1 ? "," : "").append("{\"species_id\":\"").append(sp).append("\",\"count\":")
                .append(rows.stream().filter(r -> r.species().equals(sp)).count()).append('}'));
        assertEquals(want.append(']').toString(), all);
        Query q = query(2021L, null, null, null, null, 1, 2);
        String csv = new String(survey.species().answer(survey.table().filter(q), false, 1, 2, true),
                StandardCharsets.UTF_8);
        List<String> ids = rows.stream().filter(r -> r.year() == 2021).map(SurveyFiles.Row::species).distinct()
                .sorted().skip(1).limit(2).toList();
        StringBuilder wantCsv = new StringBuilder("species_id,count\n");
        for (String id : ids) {
            wantCsv.append(id).append(',')
                    .append(rows.stream().filter(r -> r.year() == 2021 && r.species().equals(id)).count()).append('\n');
        }
        assertEquals(wantCsv.toString(), csv);
        assertEquals("species_id,count\n", new String(survey.species().answer(Selection.NONE, false, 0,
                Long.MAX_VALUE, true), StandardCharsets.UTF_8));
    }
}
