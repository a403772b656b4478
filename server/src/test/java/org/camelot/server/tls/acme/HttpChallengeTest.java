package org.camelot.server.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camelot.protocol.http.AcmeChallengeRoute;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every cleartext HTTP listener answers the http-01 challenges being validated, and only those. */
class HttpChallengeTest {

    @TempDir
    Path dir;

    @Test
    void answersAPublishedTokenAnd404OtherwiseBesideTheSite() throws Exception {
        Files.createDirectories(dir.resolve("site/.well-known/acme-challenge"));
        Files.writeString(dir.resolve("site/index.html"), "site\n");
        Files.writeString(dir.resolve("site/.well-known/acme-challenge/stale"), "a file\n");
        try (RunningServer s = RunningServer.start(dir, """
                listeners:
                  http: {protocol: http, host: 127.0.0.1, port: 0, routes: {files: {root: site}}}
                """); HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + s.port("http");
            AcmeChallengeRoute.publish("tok-EN_123", "tok-EN_123.thumbprint");
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
                        + "/.well-known/acme-challenge/tok-EN_123")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("tok-EN_123.thumbprint", r.body());
            } finally {
                AcmeChallengeRoute.withdraw("tok-EN_123");
            }
            for (String path : new String[] {"tok-EN_123", "stale", "", "../index.html"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
                        + "/.well-known/acme-challenge/" + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(404, r.statusCode(), path);
            }
            assertEquals("site\n", client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
    }
}
