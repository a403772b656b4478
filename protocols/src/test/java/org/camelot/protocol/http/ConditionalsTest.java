package org.camelot.protocol.http;

import static org.camelot.protocol.http.Conditionals.Outcome.NOT_MODIFIED;
import static org.camelot.protocol.http.Conditionals.Outcome.PRECONDITION_FAILED;
import static org.camelot.protocol.http.Conditionals.Outcome.PROCEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ConditionalsTest {

    private static final String TAG = "\"5f3a-3a\"";
    private static final long MODIFIED = 1_700_000_000_123L;
    private static final String MODIFIED_DATE = HttpDates.format(MODIFIED);

    private static HttpHeaders h(String... nameValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    @Test
    void ifNoneMatchGives304WithWeakComparison() {
        assertEquals(NOT_MODIFIED, Conditionals.evaluate(h("If-None-Match", TAG), TAG, MODIFIED));
        assertEquals(NOT_MODIFIED, Conditionals.evaluate(h("If-None-Match", "W/" + TAG), TAG, MODIFIED));
        assertEquals(NOT_MODIFIED, Conditionals.evaluate(h("If-None-Match", "\"x\", " + TAG), TAG, MODIFIED));
        assertEquals(NOT_MODIFIED, Conditionals.evaluate(h("If-None-Match", "*"), TAG, MODIFIED));
        assertEquals(PROCEED, Conditionals.evaluate(h("If-None-Match", "\"other\""), TAG, MODIFIED));
    }

    @Test
    void ifNoneMatchWinsOverIfModifiedSince() {
        assertEquals(PROCEED, Conditionals.evaluate(h("If-None-Match", "\"other\"", "If-Modified-Since", MODIFIED_DATE),
                TAG, MODIFIED));
    }

    @Test
    void ifModifiedSinceComparesWholeSeconds() {
        assertEquals(NOT_MODIFIED, Conditionals.evaluate(h("If-Modified-Since", MODIFIED_DATE), TAG, MODIFIED));
        assertEquals(NOT_MODIFIED, Conditionals.evaluate(h("If-Modified-Since", HttpDates.format(MODIFIED + 86_400_000)),
                TAG, MODIFIED));
        assertEquals(PROCEED, Conditionals.evaluate(h("If-Modified-Since", HttpDates.format(MODIFIED - 1000)),
                TAG, MODIFIED));
    }

    @Test
    void readsTheThreeDateFormats() {
        long seconds = MODIFIED / 1000;
        assertEquals(seconds, Conditionals.seconds("Tue, 14 Nov 2023 22:13:20 GMT"));
        assertEquals(seconds, Conditionals.seconds("Tuesday, 14-Nov-23 22:13:20 GMT"));
        assertEquals(seconds, Conditionals.seconds("Tue Nov 14 22:13:20 2023"));
    }

    @Test
    void ignoresMalformedDates() {
        for (String bad : new String[] {"yesterday", "", "Tue, 99 Nov 2023 99:13:20 GMT", "1700000000", "Tue, 14 Nov 2023",
                "Tue, 14 Nov 2023 22:13:20 GMT; " + "x".repeat(60)}) {
            assertEquals(PROCEED, Conditionals.evaluate(h("If-Modified-Since", bad), TAG, MODIFIED), bad);
            assertEquals(PROCEED, Conditionals.evaluate(h("If-Unmodified-Since", bad), TAG, MODIFIED), bad);
            assertFalse(Conditionals.rangeAllowed(h("If-Range", bad), TAG, MODIFIED), bad);
        }
    }

    @Test
    void ifMatchUsesStrongComparison() {
        assertEquals(PROCEED, Conditionals.evaluate(h("If-Match", TAG), TAG, MODIFIED));
        assertEquals(PRECONDITION_FAILED, Conditionals.evaluate(h("If-Match", "W/" + TAG), TAG, MODIFIED));
        assertEquals(PRECONDITION_FAILED, Conditionals.evaluate(h("If-Match", "\"other\""), TAG, MODIFIED));
        assertEquals(PROCEED, Conditionals.evaluate(h("If-Match", "*"), TAG, MODIFIED));
    }

    @Test
    void ifUnmodifiedSinceFailsWhenChangedLater() {
        assertEquals(PRECONDITION_FAILED, Conditionals.evaluate(h("If-Unmodified-Since",
                HttpDates.format(MODIFIED - 5000)), TAG, MODIFIED));
        assertEquals(PROCEED, Conditionals.evaluate(h("If-Unmodified-Since", MODIFIED_DATE), TAG, MODIFIED));
    }

    @Test
    void ifRangeNeedsTheStrongTagOrTheExactDate() {
        assertTrue(Conditionals.rangeAllowed(h(), TAG, MODIFIED));
        assertTrue(Conditionals.rangeAllowed(h("If-Range", TAG), TAG, MODIFIED));
        assertFalse(Conditionals.rangeAllowed(h("If-Range", "W/" + TAG), TAG, MODIFIED));
        assertFalse(Conditionals.rangeAllowed(h("If-Range", "\"other\""), TAG, MODIFIED));
        assertTrue(Conditionals.rangeAllowed(h("If-Range", MODIFIED_DATE), TAG, MODIFIED));
        assertFalse(Conditionals.rangeAllowed(h("If-Range", HttpDates.format(MODIFIED + 1000)), TAG, MODIFIED));
    }

    @Test
    void entityTagsAreValidated() {
        assertTrue(EntityTags.valid("\"abc\""));
        assertTrue(EntityTags.valid("W/\"abc\""));
        assertTrue(EntityTags.valid("\"\""));
        assertFalse(EntityTags.valid("abc"));
        assertFalse(EntityTags.valid("\"a\"b\""));
        assertFalse(EntityTags.valid("\"a\r\n\""));
    }
}
