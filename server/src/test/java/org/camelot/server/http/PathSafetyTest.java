package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigException;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing outside the root is ever served, whatever the encoding of the path, and symbolic links lead out of it
 * only when a route allows it. Each test runs over cleartext and over TLS.
 */
class PathSafetyTest {

    /** Targets that try to leave the root: each must get 400 or 404, never the secret. */
    static final List<String> TRAVERSALS = List.of(
            "/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
            "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
            "/docs/../../secret.txt", "/docs/%2e%2e/%2e%2e/secret.txt", "/%252e%252e/secret.txt",
            "/%252e%252e%252fsecret.txt", "/..%252fsecret.txt", "/..\\secret.txt", "/..%5csecret.txt",
            "/%5c..%5csecret.txt", "/docs\\..\\..\\secret.txt", "/%c0%ae%c0%ae/secret.txt",
            "/%c0%af../secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/..%c0%afsecret.txt", "/..%00/secret.txt",
            "/secret.txt%00.html", "/%00", "/%0a", "/%0d%0aX-Injected:%20yes", "//secret.txt", "///../secret.txt",
            "/./../secret.txt", "/docs/./../../secret.txt", "http://localhost/../secret.txt",
            "http://localhost/%2e%2e/secret.txt", "/%2e%2e", "/..", "/.%00./secret.txt", "/%u002e%u002e/secret.txt",
            "/outside/secret.txt", "/" + "../".repeat(40) + "etc/passwd", "/dir-out/../secret.txt");

    @RegisterExtension
    static final CamelotExtension server = TestSite.daemon("", "");

    static RawHttp connect(boolean tls) throws Exception {
        return TestSite.connect(server, tls);
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void noEncodingOfDotDotLeavesTheRoot(boolean tls) throws Exception {
        for (String target : TRAVERSALS) {
            try (RawHttp c = connect(tls)) {
                RawHttp.Reply r = c.request("GET", target).read(false);
                assertTrue(Set.of(400, 404).contains(r.status()), target + " -> " + r.statusLine());
                assertFalse(r.text().contains("TOP SECRET"), target);
                assertFalse(r.headers().containsKey("x-injected"), target);
            }
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void targetsThatLeaveTheRootAreMalformed(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals(400, c.get("/../secret.txt").status());
            assertEquals(400, c.get("/%2e%2e/secret.txt").status());
            assertEquals(400, c.get("/..%5csecret.txt").status());
        }
        try (RawHttp c = connect(tls)) {
            assertEquals(400, c.get("/a%00b").status());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void symbolicLinksOutOfTheRootAreRefused(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            for (String target : List.of("/link-out.txt", "/dir-out/secret.txt", "/relative-out.txt", "/dir-out/")) {
                RawHttp.Reply r = c.get(target);
                assertEquals(403, r.status(), target);
                assertFalse(r.text().contains("TOP SECRET"), target);
            }
            assertEquals(TestSite.MOTTO, c.get("/link-in.txt").text(), "a link inside the root is fine");
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void symbolicLinksOutOfTheRootAreFollowedWhenAllowed(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals(TestSite.SECRET, c.get("/follow/link-out.txt").text());
            assertEquals(TestSite.SECRET, c.get("/follow/dir-out/secret.txt").text());
            assertEquals(400, c.get("/follow/../../secret.txt").status(), "but .. is still refused");
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void noSymbolicLinkIsFollowedWhenLinksAreOff(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            for (String target : List.of("/nolinks/link-in.txt", "/nolinks/link-out.txt", "/nolinks/dir-out/secret.txt",
                    "/nolinks/relative-out.txt")) {
                RawHttp.Reply r = c.get(target);
                assertEquals(403, r.status(), target);
                assertFalse(r.text().contains("TOP SECRET"), target);
            }
            assertEquals(TestSite.MOTTO, c.get("/nolinks/motto.txt").text());
        }
    }

    @Test
    void linksOutOfTheRootCannotBeAllowedWhenNoLinkIsFollowed() throws Exception {
        Path d = server.dir().resolve("conflict");
        String yaml = "listeners:\n  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    routes:\n"
                + "      files:\n        root: " + TestSite.of(server).root() + "\n        follow-symlinks: false\n"
                + "        follow-symlinks-outside-root: true\n";
        ConfigException e = assertThrows(ConfigException.class, () -> RunningServer.start(d, yaml).close());
        assertTrue(e.getMessage().contains("listeners.http.routes.files.follow-symlinks-outside-root"),
                e.getMessage());
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void dotfilesAreHiddenUnlessEnabled(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals(404, c.get("/.secret").status());
            assertEquals(404, c.get("/.hidden/file.txt").status());
            assertEquals(404, c.get("/%2esecret").status());
            assertEquals(TestSite.SECRET, c.get("/dots/.secret").text());
            assertEquals(TestSite.SECRET, c.get("/dots/.hidden/file.txt").text());
        }
    }
}
