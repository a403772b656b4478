package org.camelot.server.birds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.server.testing.TlsClients;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many clients querying at once, over cleartext and TLS, each on its own connections, with two event loops sharing
 * one loaded survey: every answer is still exactly the rows of the sample file that match.
 */
class BirdsConcurrencyTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    @Test
    void concurrentQueriesAllGetTheirOwnRows() throws Exception {
        TestPki pki = daemon.pki();
        String routes = "    routes:\n      birds:\n        csv: " + SampleSurvey.CSV + "\n"
                + "      streamed:\n        type: birds\n        path: /streamed\n        csv: " + SampleSurvey.CSV
                + "\n        stream-threshold: 0\n        cluster-memory: 0\n";
        try (RunningServer server = daemon.start("io-threads: 2\nlisteners:\n"
                + "  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + routes
                + "  https:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + pki.tlsYaml(4) + routes)) {
            List<String> queries = new ArrayList<>(List.of("", "?offset=3&limit=9", "?region=CA-BC", "?region=CA-YT"));
            SampleSurvey.distinct(4).forEach(y -> queries.add("?year=" + y));
            SampleSurvey.distinct(7).forEach(s -> queries.add("?species=" + s));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> clients = new ArrayList<>();
                for (int c = 0; c < 16; c++) {
                    int seed = c;
                    clients.add(pool.submit(() -> {
                        boolean secure = seed % 2 == 1;
                        BirdsClient client = new BirdsClient(server.port(secure ? "https" : "http"),
                                secure ? TlsClients.context(pki, null) : null);
                        Random r = new Random(seed);
                        for (int i = 0; i < 60; i++) {
                            String q = queries.get(r.nextInt(queries.size()));
                            String base = r.nextBoolean() ? "/birds" : "/streamed";
                            boolean csv = r.nextInt(4) == 0;
                            HttpResponse<byte[]> answer = csv ? client.get(base + q, "Accept", "text/csv")
                                    : client.get(base + q);
                            assertEquals(200, answer.statusCode());
                            List<String[]> rows = BirdsEndpointTest.rowsFor(q);
                            if (csv) {
                                assertEquals(SampleSurvey.csv(rows), BirdsClient.text(answer), base + q);
                            } else {
                                assertEquals(SampleSurvey.json(rows), BirdsClient.json(answer), base + q);
                            }
                        }
                        return 60;
                    }));
                }
                int answered = 0;
                for (Future<Integer> f : clients) {
                    answered += f.get(90, TimeUnit.SECONDS);
                }
                assertEquals(16 * 60, answered);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
