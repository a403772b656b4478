package org.camelot.protocol.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camelot.protocol.http.FuzzSite;

/**
 * Query strings for the birds route: the parser either gives a query within its bounds or a list of FastAPI-shaped
 * problems, never both and never an exception; and over the real pipeline ({@link FuzzSite}) the rows or species
 * are answered 200, or 422 for a bad parameter, or 400 for a query that cannot be decoded, whatever the
 * representation asked for, and nothing leaks.
 *
 * <p>A seed is the query string's bytes (characters a request line cannot hold are percent-encoded before
 * sending) followed by one byte read from the end, whose bits choose the endpoint and the headers.
 */
class BirdsQueryFuzzTest {

    private static final Set<Integer> ANSWERS = Set.of(200, 400, 422);

    @FuzzTest(maxDuration = "5m")
    void everyQueryGetsRowsOrAValidationError(FuzzedDataProvider data) {
        int choice = data.consumeInt(0, 255);
        byte[] raw = data.consumeRemainingAsBytes();
        StringBuilder query = new StringBuilder();
        for (byte b : raw) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                query.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                query.append((char) c);
            }
        }
        Map<String, List<String>> parameters;
        try {
            parameters = QueryStringDecoder.builder().hasPath(false).maxParams(256).charset(StandardCharsets.UTF_8)
                    .build(query.toString()).parameters();
        } catch (IllegalArgumentException e) {
            parameters = null;
        }
        if (parameters != null) {
            QueryParser.Result result = QueryParser.parse(parameters);
            assertTrue(result.query() == null != result.errors().isEmpty(), String.valueOf(result));
            Query q = result.query();
            if (q != null) {
                assertTrue(q.offset() >= 0 && q.limit() >= 0, q.toString());
                assertTrue(q.month() == null || q.month() >= 1 && q.month() <= 12, q.toString());
            }
            for (Map<String, Object> error : result.errors()) {
                for (String key : List.of("type", "loc", "msg", "input")) {
                    assertNotNull(error.get(key), key + " in " + error);
                }
            }
        }
        String path = ((choice & 1) == 0 ? "/birds" : "/streamed") + ((choice & 2) == 0 ? "" : "/species");
        String accept = switch ((choice >> 2) & 3) {
            case 0 -> "";
            case 1 -> "Accept: text/csv\r\n";
            case 2 -> "Accept: application/json;q=0.5, text/csv;q=0.4\r\n";
            default -> "Accept: */*\r\n";
        };
        String encoding = (choice & 16) == 0 ? "" : "Accept-Encoding: gzip\r\n";
        String method = (choice & 32) == 0 ? "GET " : "HEAD ";
        byte[] request = (method + path + "?" + query + " HTTP/1.1\r\nHost: fuzz\r\n" + accept + encoding + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        FuzzSite.Outcome outcome = FuzzSite.get().exchange(request, request.length, false);
        if (request.length < 1000) {
            assertEquals(1, outcome.statuses().size(), outcome.output());
            int status = outcome.statuses().get(0);
            assertTrue(ANSWERS.contains(status), status + " for " + path + "?" + query + ":\n" + outcome.output());
            assertEquals(parameters == null ? 400 : QueryParser.parse(parameters).query() == null ? 422 : 200,
                    status, path + "?" + query);
        }
    }
}
