package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A graceful shutdown in the middle of a stream of HTTP requests: every request the server accepted is answered. */
class ShutdownUnderLoadTest {

    @TempDir
    Path dir;

    @Test
    void noAcceptedRequestFailsDuringAGracefulShutdown() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        String body = "x".repeat(20_000);
        Files.writeString(dir.resolve("site/page.txt"), body);
        RunningServer server = RunningServer.start(dir, """
                listeners:
                  web: {protocol: http, host: 127.0.0.1, port: 0, routes: {files: {root: site}}}
                """);
        URI uri = URI.create("http://127.0.0.1:" + server.port("web") + "/page.txt");
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            clients.add(CompletableFuture.runAsync(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                for (int n = 0; n < 100_000; n++) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200 || !r.body().equals(body)) {
                            failures.add("status " + r.statusCode() + ", " + r.body().length() + " bytes");
                        } else {
                            answered.incrementAndGet();
                        }
                    } catch (ConnectException e) {
                        refused.incrementAndGet(); // the listener is closed: not an accepted request
                        return;
                    } catch (IOException | InterruptedException e) {
                        failures.add(e.toString());
                        return;
                    }
                }
            }, threads));
        }
        for (int i = 0; i < 1000 && answered.get() < 200; i++) {
            Thread.sleep(10);
        }
        int before = answered.get();
        server.shutdown(Duration.ofSeconds(10));
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        threads.shutdown();
        assertTrue(before >= 200, "the load was running: " + before);
        assertEquals(List.of(), failures);
        assertEquals(4, refused.get(), "every client ended by finding the listener closed");
    }
}
