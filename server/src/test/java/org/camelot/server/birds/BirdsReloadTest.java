package org.camelot.server.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two listeners serving the same survey file share one loaded survey, which outlives the routes a reload replaces as
 * long as a route still serves it, and a file changed on disk is read again on reload. The leak detector (paranoid in
 * the tests) fails the run if a shared survey's buffers are released too early or never.
 */
class BirdsReloadTest {

    static final String HEADER = "loc_id,latitude,longitude,region,year,month,day,species_id,num\n";
    static final String ROW1 = "L1,60.5,-135.25,CA-YT,2021,2,1,redcro,3.0\n";
    static final String ROW2 = "L2,61.5,-136.25,CA-YT,2022,3,4,comred,\n";

    @TempDir
    Path dir;

    static String yaml(int a, int b, String cacheControl) {
        String route = "    routes:\n      birds:\n        csv: survey.csv\n        cache-control: " + cacheControl + "\n";
        return "listeners:\n"
                + "  a:\n    protocol: http\n    host: 127.0.0.1\n    port: " + a + "\n" + route
                + "  b:\n    protocol: http\n    host: 127.0.0.1\n    port: " + b + "\n" + route;
    }

    static String body(BirdsClient client, String cacheControl) {
        HttpResponse<byte[]> r = client.get("/birds?species=redcro");
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(cacheControl, r.headers().firstValue("cache-control").orElse(null));
        HttpResponse<byte[]> all = client.get("/birds");
        assertEquals(200, all.statusCode());
        return new String(r.body(), StandardCharsets.UTF_8) + "|" + new String(all.body(), StandardCharsets.UTF_8);
    }

    static void reload(RunningServer s, String yaml) throws Exception {
        Files.writeString(s.configFile(), yaml);
        s.server().reload(new ConfigLoader().load(s.configFile(), List.of()));
    }

    @Test
    void aSharedSurveyOutlivesReplacedRoutesAndAChangedFileIsReadAgain() throws Exception {
        Path csv = Files.writeString(dir.resolve("survey.csv"), HEADER + ROW1);
        try (RunningServer s = RunningServer.start(dir, yaml(0, 0, "max-age=60"))) {
            int a = s.port("a");
            int b = s.port("b");
            BirdsClient clientA = new BirdsClient(a, null);
            BirdsClient clientB = new BirdsClient(b, null);
            String one = body(clientA, "max-age=60");
            assertEquals(one, body(clientB, "max-age=60"));
            String first = "[{\"loc_id\":\"L1\",\"latitude\":60.5,\"longitude\":-135.25,\"region\":\"CA-YT\",\"year\":2021,"
                    + "\"month\":2,\"day\":1,\"species_id\":\"redcro\",\"num\":3.0}]";
            assertEquals(first + "|" + first, one);

            // New routes (another Cache-Control) on unchanged files: the old routes close, the survey they shared
            // with the new ones stays in memory and keeps answering. New clients: a connection open before a
            // reload keeps the routes it had.
            reload(s, yaml(a, b, "max-age=5"));
            assertEquals(one, body(new BirdsClient(a, null), "max-age=5"));
            assertEquals(one, body(new BirdsClient(b, null), "max-age=5"));

            Files.writeString(csv, HEADER + ROW1 + ROW2);
            Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() + 5000));
            reload(s, yaml(a, b, "max-age=6"));
            String second = "{\"loc_id\":\"L2\",\"latitude\":61.5,\"longitude\":-136.25,\"region\":\"CA-YT\","
                    + "\"year\":2022,\"month\":3,\"day\":4,\"species_id\":\"comred\",\"num\":0.0}";
            String two = first + "|" + first.substring(0, first.length() - 1) + "," + second + "]";
            assertEquals(two, body(new BirdsClient(a, null), "max-age=6"));
            assertEquals(two, body(new BirdsClient(b, null), "max-age=6"));
        }
    }
}
