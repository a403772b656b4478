package org.camelot.server.birds;

import static org.camelot.server.birds.BirdsClient.header;
import static org.camelot.server.birds.BirdsClient.json;
import static org.camelot.server.birds.BirdsClient.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.server.testing.TlsClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /birds} over real sockets, cleartext and TLS, with the project's sample file: every row field by field,
 * every filter, paging, validation errors, HEAD, 405, CSV, the species listing, validators and gzip.
 */
class BirdsEndpointTest {

    static final String ABC_422 = "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"year\"],\"msg\":\"Input "
            + "should be a valid integer, unable to parse string as an integer\",\"input\":\"abc\"}]}";

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> "listeners:\n"
            + "  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + routes()
            + "  https:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + d.tlsYaml(4) + routes());
    static BirdsClient plain;
    static BirdsClient tls;

    static String routes() {
        return "    routes:\n"
                + "      birds:\n        csv: " + SampleSurvey.CSV + "\n        species: " + SampleSurvey.SPECIES + "\n"
                + "        cache-control: max-age=60\n"
                // The same file without names, no clustered copies, streaming every scattered answer, gzipped
                // per request: every other way of making an answer.
                + "      streamed:\n        type: birds\n        path: /streamed\n        csv: " + SampleSurvey.CSV
                + "\n        stream-threshold: 0\n        precompress: false\n        cluster-memory: 0\n";
    }

    @BeforeAll
    static void clients() throws Exception {
        plain = new BirdsClient(server.port("http"), null);
        tls = new BirdsClient(server.port("https"), TlsClients.context(server.pki(), null));
    }

    static BirdsClient client(boolean secure) {
        return secure ? tls : plain;
    }

    /** GETs {@code target} and checks a 200 JSON answer equal, field by field and type by type, to {@code rows}. */
    static void assertRows(BirdsClient c, String target, List<String[]> rows) {
        HttpResponse<byte[]> r = c.get(target);
        assertEquals(200, r.statusCode(), target + ": " + text(r));
        assertEquals("application/json", header(r, "content-type"));
        JsonNode answer = json(r);
        assertEquals(SampleSurvey.json(rows), answer, target);
        for (JsonNode row : answer) {
            Iterator<String> names = row.fieldNames();
            for (String column : SampleSurvey.COLUMNS) {
                assertEquals(column, names.next(), "columns in the file's order");
            }
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void theWholeSurveyIsEveryRowOfTheFileFieldByField(boolean secure) {
        HttpResponse<byte[]> r = client(secure).get("/birds");
        JsonNode answer = json(r);
        assertEquals(SampleSurvey.ROWS.size(), answer.size());
        for (int i = 0; i < answer.size(); i++) {
            String[] want = SampleSurvey.ROWS.get(i);
            JsonNode row = answer.get(i);
            assertEquals(9, row.size());
            assertEquals(want[0], row.get("loc_id").textValue());
            assertTrue(row.get("latitude").isDouble());
            assertEquals(Double.parseDouble(want[1]), row.get("latitude").doubleValue());
            assertTrue(row.get("longitude").isDouble());
            assertEquals(Double.parseDouble(want[2]), row.get("longitude").doubleValue());
            assertEquals(want[3], row.get("region").textValue());
            assertTrue(row.get("year").isInt());
            assertEquals(Integer.parseInt(want[4]), row.get("year").intValue());
            assertTrue(row.get("month").isInt());
            assertEquals(Integer.parseInt(want[5]), row.get("month").intValue());
            assertTrue(row.get("day").isInt());
            assertEquals(Integer.parseInt(want[6]), row.get("day").intValue());
            assertEquals(want[7], row.get("species_id").textValue());
            assertTrue(row.get("num").isDouble());
            assertEquals(want[8].isEmpty() ? 0.0 : Double.parseDouble(want[8]), row.get("num").doubleValue());
        }
        assertRows(client(secure), "/birds", SampleSurvey.ROWS);
    }

    @Test
    void floatsAlwaysHaveAFraction() {
        String body = text(plain.get("/birds"));
        Matcher m = Pattern.compile("\"(latitude|longitude|num)\":(-?[0-9.eE+-]+)").matcher(body);
        int floats = 0;
        while (m.find()) {
            assertTrue(m.group(2).contains("."), m.group());
            floats++;
        }
        assertEquals(3 * SampleSurvey.ROWS.size(), floats);
    }

    @Test
    void anEmptyNumIsZeroPointZero() {
        List<String[]> empty = SampleSurvey.rows(r -> r[8].isEmpty());
        assertEquals(1, empty.size(), "the sample has one row with an empty num");
        HttpResponse<byte[]> r = plain.get("/birds?species=" + empty.get(0)[7]);
        assertTrue(text(r).endsWith(",\"species_id\":\"nobird\",\"num\":0.0}]"), text(r));
        assertEquals(0.0, json(r).get(0).get("num").doubleValue());
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void yearAndSpeciesMatchExactlyInFileOrder(boolean secure) {
        BirdsClient c = client(secure);
        // /birds answers these from its clustered copies, /streamed by gathering the rows.
        for (String base : List.of("/birds", "/streamed")) {
            for (String year : SampleSurvey.distinct(4)) {
                assertRows(c, base + "?year=" + year, SampleSurvey.rows(SampleSurvey.column("year", year)));
                assertRows(c, base + "?year=" + year + "&offset=1&limit=3",
                        SampleSurvey.rows(SampleSurvey.column("year", year), 1, 3));
                for (String species : SampleSurvey.distinct(7)) {
                    assertRows(c, base + "?year=" + year + "&species=" + species, SampleSurvey.rows(
                            SampleSurvey.column("year", year).and(SampleSurvey.column("species_id", species))));
                }
            }
            for (String species : SampleSurvey.distinct(7)) {
                assertRows(c, base + "?species=" + species,
                        SampleSurvey.rows(SampleSurvey.column("species_id", species)));
                assertRows(c, base + "?species=" + species + "&offset=1",
                        SampleSurvey.rows(SampleSurvey.column("species_id", species), 1, Long.MAX_VALUE));
            }
        }
    }

    @Test
    void noMatchIsAnEmptyArray() {
        for (String q : List.of("year=1999", "species=zzz", "species=", "year=2022&species=stejay",
                "year=99999999999999999999", "region=CA-QC", "loc_id=L0", "month=7")) {
            HttpResponse<byte[]> r = plain.get("/birds?" + q);
            assertEquals(200, r.statusCode());
            assertEquals("application/json", header(r, "content-type"));
            assertEquals("[]", text(r), q);
        }
    }

    @Test
    void monthSiteAndRegionFilterAloneAndWithTheOthers() {
        for (String month : SampleSurvey.distinct(5)) {
            assertRows(plain, "/birds?month=" + month, SampleSurvey.rows(SampleSurvey.column("month", month)));
        }
        for (String loc : SampleSurvey.distinct(0)) {
            assertRows(plain, "/birds?loc_id=" + loc, SampleSurvey.rows(SampleSurvey.column("loc_id", loc)));
            assertRows(plain, "/birds?loc_id=" + loc + "&year=2023", SampleSurvey.rows(
                    SampleSurvey.column("loc_id", loc).and(SampleSurvey.column("year", "2023"))));
        }
        for (String region : SampleSurvey.distinct(3)) {
            assertRows(plain, "/birds?region=" + region, SampleSurvey.rows(SampleSurvey.column("region", region)));
        }
        assertRows(plain, "/birds?region=CA-YT&month=2&species=bkbmag1", SampleSurvey.rows(SampleSurvey
                .column("region", "CA-YT").and(SampleSurvey.column("month", "2"))
                .and(SampleSurvey.column("species_id", "bkbmag1"))));
        assertRows(plain, "/birds?year=2022&month=12", SampleSurvey.rows(
                SampleSurvey.column("year", "2022").and(SampleSurvey.column("month", "12"))));
    }

    @Test
    void limitAndOffsetPageTheMatchingRows() {
        int n = SampleSurvey.ROWS.size();
        assertRows(plain, "/birds?limit=5", SampleSurvey.rows(r -> true, 0, 5));
        assertRows(plain, "/birds?offset=10&limit=7", SampleSurvey.rows(r -> true, 10, 7));
        assertRows(plain, "/birds?offset=" + (n - 2), SampleSurvey.rows(r -> true, n - 2, 100));
        assertRows(plain, "/birds?offset=" + n, List.of());
        assertRows(plain, "/birds?limit=0", List.of());
        assertRows(plain, "/birds?offset=99999999999999999999999&limit=99999999999999999999999", List.of());
        assertRows(plain, "/birds?region=CA-YT&offset=3&limit=4",
                SampleSurvey.rows(SampleSurvey.column("region", "CA-YT"), 3, 4));
        assertRows(plain, "/streamed?region=CA-YT&offset=3&limit=4",
                SampleSurvey.rows(SampleSurvey.column("region", "CA-YT"), 3, 4));
    }

    @Test
    void manyDistinctQueryStringsAreEachAnsweredForThemselvesAgainAndAgain() {
        // More distinct query strings than the route remembers plans of, twice over, and a long one it never keeps.
        int n = SampleSurvey.ROWS.size();
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 700; k++) {
                String target = "/birds?offset=" + (k % (n + 2)) + "&limit=" + (k / (n + 2) + 1) + "&x=" + k;
                assertEquals(Math.min(k / (n + 2) + 1, Math.max(0, n - k % (n + 2))), json(plain.get(target)).size(),
                        target);
            }
        }
        String longQuery = "/birds?year=2023&pad=" + "p".repeat(600);
        assertRows(plain, longQuery, SampleSurvey.rows(SampleSurvey.column("year", "2023")));
        assertRows(plain, longQuery, SampleSurvey.rows(SampleSurvey.column("year", "2023")));
        assertEquals(422, plain.get("/birds?year=abc").statusCode());
        assertEquals(ABC_422, text(plain.get("/birds?year=abc")), "an invalid query string is never remembered");
    }

    @Test
    void aYearThatIsNotAnIntegerGets422WithFastApisBody() {
        HttpResponse<byte[]> r = plain.get("/birds?year=abc&species=bkcchi");
        assertEquals(422, r.statusCode());
        assertEquals("application/json", header(r, "content-type"));
        assertEquals(ABC_422, text(r));
        assertEquals(ABC_422, text(plain.get("/birds/species?year=abc")));
    }

    @Test
    void theOtherIntegerParametersAreValidatedTheSameWay() {
        String parsing = "\"msg\":\"Input should be a valid integer, unable to parse string as an integer\"";
        assertEquals("{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"year\"]," + parsing
                + ",\"input\":\"\"}]}", text(plain.get("/birds?year=")));
        assertEquals("{\"detail\":[{\"type\":\"less_than_equal\",\"loc\":[\"query\",\"month\"],\"msg\":\"Input should be "
                + "less than or equal to 12\",\"input\":\"13\",\"ctx\":{\"le\":12}}]}", text(plain.get("/birds?month=13")));
        assertEquals("{\"detail\":[{\"type\":\"greater_than_equal\",\"loc\":[\"query\",\"month\"],\"msg\":\"Input should "
                + "be greater than or equal to 1\",\"input\":\"0\",\"ctx\":{\"ge\":1}}]}", text(plain.get("/birds?month=0")));
        assertEquals("{\"detail\":[{\"type\":\"greater_than_equal\",\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should "
                + "be greater than or equal to 0\",\"input\":\"-1\",\"ctx\":{\"ge\":0}}]}", text(plain.get("/birds?limit=-1")));
        assertEquals("{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"offset\"]," + parsing
                + ",\"input\":\"1e3\"}]}", text(plain.get("/birds?offset=1e3")));
        // Every problem, in the documented order of the parameters, whatever their order in the query.
        HttpResponse<byte[]> r = plain.get("/birds?offset=x&month=2.5&year=abc&limit=-1&species=bkcchi");
        assertEquals(422, r.statusCode());
        List<String> locs = new ArrayList<>();
        json(r).get("detail").forEach(e -> locs.add(e.get("loc").get(1).textValue() + ":" + e.get("type").textValue()));
        assertEquals(List.of("year:int_parsing", "month:int_parsing", "limit:greater_than_equal", "offset:int_parsing"),
                locs);
        HttpResponse<byte[]> huge = plain.get("/birds?year=" + "7".repeat(4301));
        assertEquals(422, huge.statusCode());
        assertEquals("int_parsing_size", json(huge).get("detail").get(0).get("type").textValue());
        assertEquals("Unable to parse input string as an integer, exceeded maximum size",
                json(huge).get("detail").get(0).get("msg").textValue());
        // The input is echoed as received, control characters escaped.
        assertEquals("x\"\u0001", json(plain.get("/birds?month=x%22%01")).get("detail").get(0).get("input").textValue());
    }

    @Test
    void integersAreReadAsFastApiReadsThem() {
        String want = text(plain.get("/birds?year=2022"));
        for (String year : List.of("2022.0", "%202022%20", "%2B2022", "2_022", "02022", "2022.000")) {
            HttpResponse<byte[]> r = plain.get("/birds?year=" + year);
            assertEquals(200, r.statusCode(), year);
            assertEquals(want, text(r), year);
        }
    }

    @Test
    void unknownParametersAreIgnoredAndTheLastOfARepeatedOneCounts() {
        String want = text(plain.get("/birds?year=2022&species=comred"));
        assertEquals(want, text(plain.get("/birds?colour=blue&year=2022&species=comred&format=xml&YEAR=abc")));
        assertEquals(want, text(plain.get("/birds?year=abc&year=2021&year=2022&species=comred")));
        assertEquals(header(plain.get("/birds?year=2022&species=comred"), "etag"),
                header(plain.get("/birds?species=comred&x=1&year=2022.0"), "etag"), "the same query, the same tag");
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void headHasTheHeadersOfGetAndNoBody(boolean secure) {
        for (String target : List.of("/birds", "/birds?year=2023", "/birds?region=CA-YT", "/streamed?region=CA-YT",
                "/birds/species", "/birds?year=abc")) {
            HttpResponse<byte[]> get = client(secure).get(target);
            HttpResponse<byte[]> head = client(secure).send("HEAD", target);
            assertEquals(get.statusCode(), head.statusCode());
            assertEquals(0, head.body().length);
            for (String h : List.of("content-type", "content-length", "etag", "last-modified", "vary",
                    "transfer-encoding", "cache-control")) {
                assertEquals(header(get, h), header(head, h), target + " " + h);
            }
        }
    }

    @Test
    void otherMethodsGet405() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            for (String target : List.of("/birds", "/birds?year=2022", "/birds/species")) {
                HttpResponse<byte[]> r = plain.send(method, target);
                assertEquals(405, r.statusCode(), method);
                assertEquals("GET, HEAD", header(r, "allow"));
            }
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void acceptTextCsvGetsCsv(boolean secure) {
        BirdsClient c = client(secure);
        for (String q : List.of("", "?year=2022", "?region=CA-YT", "?species=nobird", "?year=1999", "?offset=3&limit=9",
                "?loc_id=L9100231&year=2023")) {
            List<String[]> rows = rowsFor(q);
            for (String base : List.of("/birds", "/streamed")) {
                HttpResponse<byte[]> r = c.get(base + q, "Accept", "text/csv");
                assertEquals(200, r.statusCode());
                assertEquals("text/csv; charset=utf-8", header(r, "content-type"));
                assertEquals(SampleSurvey.csv(rows), text(r), base + q);
            }
        }
        assertEquals("application/json", header(c.get("/birds", "Accept", "text/csv;q=0.5, application/json"),
                "content-type"));
        assertEquals("text/csv; charset=utf-8", header(c.get("/birds", "Accept", "text/*"), "content-type"));
        assertEquals("application/json", header(c.get("/birds", "Accept", "text/html"), "content-type"));
    }

    /** The sample rows a query string of year, region, species, loc_id, offset and limit selects. */
    static List<String[]> rowsFor(String query) {
        java.util.function.Predicate<String[]> p = r -> true;
        long offset = 0;
        long limit = Long.MAX_VALUE;
        for (String kv : query.replace("?", "").split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            String[] f = kv.split("=");
            switch (f[0]) {
                case "offset" -> offset = Long.parseLong(f[1]);
                case "limit" -> limit = Long.parseLong(f[1]);
                case "species" -> p = p.and(SampleSurvey.column("species_id", f[1]));
                default -> p = p.and(SampleSurvey.column(f[0], f[1]));
            }
        }
        return SampleSurvey.rows(p, offset, limit);
    }

    @Test
    void speciesListsIdsWithRowCountsAndNames() {
        HttpResponse<byte[]> r = plain.get("/birds/species");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", header(r, "content-type"));
        JsonNode list = json(r);
        var counts = SampleSurvey.counts(SampleSurvey.ROWS);
        assertEquals(counts.size(), list.size());
        int i = 0;
        for (var e : counts.entrySet()) {
            JsonNode s = list.get(i++);
            assertEquals(e.getKey(), s.get("species_id").textValue());
            assertEquals(e.getValue(), s.get("count").intValue());
            String[] names = SampleSurvey.NAMES.get(e.getKey());
            if (names == null) {
                assertTrue(s.get("sci_name").isNull() && s.get("en_us").isNull(), e.getKey());
            } else {
                assertEquals(names[0], s.get("sci_name").textValue());
                assertEquals(names[1], s.get("en_us").textValue());
            }
        }
        assertTrue(list.toString().contains("{\"species_id\":\"nobird\",\"sci_name\":null,\"en_us\":null,\"count\":1}"));
        assertEquals("{\"species_id\":\"amecro\",\"sci_name\":\"Corvus brachyrhynchos\",\"en_us\":\"American Crow\","
                + "\"count\":1}", list.get(0).toString());
    }

    @Test
    void speciesTakesTheFiltersAndPagesAndCsv() {
        var counts2023 = SampleSurvey.counts(SampleSurvey.rows(SampleSurvey.column("year", "2023")));
        JsonNode list = json(plain.get("/streamed/species?year=2023"));
        assertEquals(counts2023.size(), list.size());
        int i = 0;
        for (var e : counts2023.entrySet()) {
            assertEquals("{\"species_id\":\"" + e.getKey() + "\",\"count\":" + e.getValue() + "}",
                    list.get(i++).toString(), "no names without a species file");
        }
        StringBuilder csv = new StringBuilder("species_id,sci_name,en_us,count\n");
        counts2023.entrySet().stream().skip(2).limit(3).forEach(e -> csv.append(e.getKey()).append(',')
                .append(SampleSurvey.NAMES.get(e.getKey())[0]).append(',').append(SampleSurvey.NAMES.get(e.getKey())[1])
                .append(',').append(e.getValue()).append('\n'));
        HttpResponse<byte[]> r = plain.get("/birds/species?year=2023&offset=2&limit=3", "Accept", "text/csv");
        assertEquals("text/csv; charset=utf-8", header(r, "content-type"));
        assertEquals(csv.toString(), text(r));
        assertEquals("[]", text(plain.get("/birds/species?region=CA-QC")));
        assertEquals("species_id,count\n", text(plain.get("/streamed/species?year=1999", "Accept", "text/csv")));
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aRepeatedQueryGets304FromItsEntityTag(boolean secure) {
        BirdsClient c = client(secure);
        List<String> tags = new ArrayList<>();
        for (String target : List.of("/birds", "/birds?year=2023", "/birds?region=CA-YT&limit=3", "/birds/species",
                "/streamed?region=CA-YT")) {
            HttpResponse<byte[]> first = c.get(target);
            String etag = header(first, "etag");
            assertTrue(etag.matches("\"[0-9a-f]+-[a-z0-9]+\""), etag);
            assertEquals(target.startsWith("/streamed") ? null : "max-age=60", header(first, "cache-control"));
            HttpResponse<byte[]> again = c.get(target, "If-None-Match", etag);
            assertEquals(304, again.statusCode(), target);
            assertEquals(0, again.body().length);
            assertEquals(etag, header(again, "etag"));
            assertEquals(200, c.get(target, "If-None-Match", "\"other\"").statusCode());
            String lastModified = header(first, "last-modified");
            assertEquals(304, c.get(target, "If-Modified-Since", lastModified).statusCode());
            tags.add(etag);
            HttpResponse<byte[]> csv = c.get(target, "Accept", "text/csv");
            assertNotEquals(etag, header(csv, "etag"), "CSV is another representation");
            assertEquals(304, c.get(target, "Accept", "text/csv", "If-None-Match", header(csv, "etag")).statusCode());
            assertEquals(200, c.get(target, "Accept", "text/csv", "If-None-Match", etag).statusCode());
        }
        assertEquals(tags.size(), tags.stream().distinct().count(), "other queries, other tags: " + tags);
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void largeAnswersAreGzippedWhenTheClientAcceptsIt(boolean secure) {
        BirdsClient c = client(secure);
        for (String target : List.of("/birds", "/birds?year=2023", "/streamed", "/streamed?region=CA-YT",
                "/streamed?year=2023")) {
            for (String accept : List.of("application/json", "text/csv")) {
                HttpResponse<byte[]> identity = c.get(target, "Accept", accept);
                assertNull(header(identity, "content-encoding"));
                assertTrue(identity.body().length >= 1024, "large enough to compress: " + target);
                HttpResponse<byte[]> gz = c.get(target, "Accept", accept, "Accept-Encoding", "gzip, deflate");
                assertEquals(200, gz.statusCode());
                assertEquals("gzip", header(gz, "content-encoding"), target);
                assertEquals("Accept, Accept-Encoding", header(gz, "vary"));
                assertArrayEquals(identity.body(), BirdsClient.gunzip(gz.body()), target);
                assertTrue(gz.body().length < identity.body().length / 2, target);
                String weak = header(gz, "etag");
                assertEquals("W/" + header(identity, "etag"), weak);
                assertEquals(304, c.get(target, "Accept", accept, "Accept-Encoding", "gzip", "If-None-Match", weak)
                        .statusCode());
            }
        }
        HttpResponse<byte[]> small = c.get("/birds?species=nobird", "Accept-Encoding", "gzip");
        assertTrue(small.body().length < 1024);
        assertNull(header(small, "content-encoding"), "small answers are not worth compressing");
        assertNull(header(c.get("/birds", "Accept-Encoding", "gzip;q=0"), "content-encoding"));
    }

    @Test
    void slashFormsRedirectAndUnknownPathsAre404() {
        HttpResponse<byte[]> r = plain.get("/birds/?year=2022");
        assertEquals(307, r.statusCode());
        assertEquals("/birds?year=2022", header(r, "location"));
        assertEquals("/streamed/species", header(plain.get("/streamed/species/"), "location"));
        for (String target : List.of("/birds/nothing", "/birds/species/x", "/birds/species.json", "/birdsong")) {
            assertEquals(404, plain.get(target).statusCode(), target);
        }
    }

    @Test
    void aRangeOfTheWholeSurveyIsServed() {
        HttpResponse<byte[]> r = plain.get("/birds", "Range", "bytes=0-9");
        assertEquals(206, r.statusCode());
        assertEquals("[{\"loc_id\"", text(r));
        int length = plain.get("/birds").body().length;
        assertEquals("bytes 0-9/" + length, header(r, "content-range"));
    }
}
