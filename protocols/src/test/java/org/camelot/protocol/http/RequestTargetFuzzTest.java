package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Request targets: a target either is malformed or becomes a path that starts with {@code /}, has no empty,
 * {@code .} or {@code ..} segment, no control character and no backslash, resolves inside any root, and reads
 * the same once encoded again. Then the same target is requested from the files route of {@link FuzzSite}, which
 * must never answer with a file from outside its root, whatever the symbolic links inside it point at.
 *
 * <p>A seed is the target's bytes (ISO-8859-1, as the request decoder reads them).
 */
class RequestTargetFuzzTest {

    private static final Path ROOT = Path.of("/srv/www");

    @FuzzTest(maxDuration = "5m")
    void targetsResolveInsideTheRoot(byte[] raw) {
        String target = new String(raw, StandardCharsets.ISO_8859_1);
        RequestTarget parsed = RequestTarget.parse(target);
        if (parsed != null) {
            String path = parsed.path();
            assertTrue(path.startsWith("/"), path);
            assertFalse(path.contains("//"), path);
            for (String segment : path.substring(1).split("/")) {
                assertFalse(segment.equals(".") || segment.equals(".."), path);
            }
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                assertFalse(c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c == '\\', path);
            }
            Path resolved = ROOT.resolve(path.substring(1)).normalize();
            assertTrue(resolved.startsWith(ROOT), path + " resolves to " + resolved);
            RequestTarget again = RequestTarget.parse(PercentEncoding.encodePath(path));
            assertEquals(path, again == null ? null : again.path(), "encoded again: " + PercentEncoding.encodePath(path));
            if (target.startsWith("/")) {
                int q = target.indexOf('?');
                assertEquals(q < 0 ? "" : target.substring(q + 1), parsed.query());
            }
        }
        if (target.isEmpty() || target.chars().anyMatch(c -> c == ' ' || c == '\r' || c == '\n' || c == '\t')) {
            return;
        }
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: fuzz\r\n\r\n"
                + "HEAD " + target + " HTTP/1.1\r\nHost: fuzz\r\nRange: bytes=0-9\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        FuzzSite.Outcome outcome = FuzzSite.get().exchange(request, request.length, false);
        if (parsed == null && !outcome.statuses().isEmpty()) {
            int status = outcome.statuses().get(0);
            assertTrue(status == 400 || status == 414, "a malformed target got " + status);
        }
        for (int status : outcome.statuses()) {
            assertTrue(status != 500, outcome.output());
        }
    }
}
