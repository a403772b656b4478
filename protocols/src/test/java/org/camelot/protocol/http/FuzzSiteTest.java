package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz targets' site answers as a listener would, so that a fuzz run that finds nothing means something. */
class FuzzSiteTest {

    private static FuzzSite.Outcome get(String... targets) {
        StringBuilder b = new StringBuilder();
        for (String t : targets) {
            b.append("GET ").append(t).append(" HTTP/1.1\r\nHost: fuzz\r\n\r\n");
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        return FuzzSite.get().exchange(bytes, 7, true);
    }

    @Test
    void servesFilesListingsAndBirdsAndRefusesLinksOutOfTheRoot() {
        FuzzSite.Outcome o = get("/a.txt", "/big.bin", "/listed/dir/", "/birds?limit=1", "/streamed/species",
                "/birds?month=13", "/link-out", "/dir-out/secret.txt", "/link-in");
        assertEquals(List.of(200, 200, 200, 200, 200, 422, 403, 403, 200), o.statuses(), o.output());
        assertTrue(o.output().contains("plain text a"));
        assertTrue(o.closed(), "closed after the keep-alive timeout");
    }

    @Test
    void aConnectionLeftHalfwayGets408() {
        FuzzSite.Outcome o = FuzzSite.get().exchange("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.ISO_8859_1),
                3, true);
        assertEquals(List.of(408), o.statuses());
        assertFalse(o.output().contains(FuzzSite.SECRET));
    }
}
