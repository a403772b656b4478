package org.camelot.server.birds;

import static org.camelot.server.birds.BirdsClient.header;
import static org.camelot.server.birds.BirdsClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The birds route mounted at {@code /}, as FastAPI serves it: the rows at {@code /}, the species at {@code /species}. */
class BirdsAtRootTest {

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml("listeners:\n"
            + "  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    routes:\n"
            + "      birds:\n        path: /\n        csv: " + SampleSurvey.CSV + "\n        species: "
            + SampleSurvey.SPECIES + "\n");
    static BirdsClient client;

    @BeforeAll
    static void client() {
        client = new BirdsClient(server.port("http"), null);
    }

    @Test
    void theRowsAreAnsweredAtTheRoot() {
        HttpResponse<byte[]> r = client.get("/");
        assertEquals(200, r.statusCode(), "no redirect to itself");
        assertEquals(SampleSurvey.json(SampleSurvey.rows(row -> true)), json(r));
        String year = SampleSurvey.ROWS.get(0)[4];
        HttpResponse<byte[]> filtered = client.get("/?year=" + year);
        assertEquals(200, filtered.statusCode());
        assertEquals(SampleSurvey.json(SampleSurvey.rows(row -> row[4].equals(year))), json(filtered));
    }

    @Test
    void theSpeciesAreAnsweredAtSpeciesAndItsSlashFormRedirectsThere() {
        assertEquals(200, client.get("/species").statusCode());
        HttpResponse<byte[]> r = client.get("/species/?limit=2");
        assertEquals(307, r.statusCode());
        assertEquals("/species?limit=2", header(r, "location"));
        assertEquals(200, client.get(header(r, "location")).statusCode());
    }

    @Test
    void otherPathsAre404() {
        for (String target : List.of("/birds", "/species/x", "/x/")) {
            assertEquals(404, client.get(target).statusCode(), target);
        }
    }
}
