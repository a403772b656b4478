package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/|/",
            "/motto.txt|/motto.txt",
            "/a/b/|/a/b/",
            "//a///b|/a/b",
            "/a/./b|/a/b",
            "/a/b/..|/a/",
            "/a/b/../|/a/",
            "/a/.|/a/",
            "/a%20b|/a b",
            "/%E2%82%AC|/\u20ac",
            "/a/%2e%2e/b|/b",
            "/%252e%252e/etc/passwd|/%2e%2e/etc/passwd",
            "/caf%C3%A9.txt|/caf\u00e9.txt",
            "/a..b/..c|/a..b/..c",
            "/.well-known/x|/.well-known/x",
            "http://example.org/x/y?q=1|/x/y",
            "HTTPS://example.org|/",
            "http://example.org?x|/",
    })
    void decodesOnceAndNormalizes(String target, String path) {
        assertEquals(path, RequestTarget.parse(target).path());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/..", "/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/etc/passwd",
            "/..%2fetc/passwd", "/..%2Fetc%2Fpasswd", "/%2e%2e%2fetc%2fpasswd", "/.%2e/etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5cetc%5cpasswd", "/a\\..\\..\\etc\\passwd", "/%5c",
            "/%00", "/motto.txt%00.html", "/a%0d%0aSet-Cookie:x", "/%7f", "/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae", "/%ff", "/%", "/%2", "/%zz", "etc/passwd", "C:\\Windows\\win.ini", "*",
            "http://example.org/../etc/passwd", "/a#fragment", "/%c2%85",
    })
    void refusesWhatCouldLeaveTheRootOrMeanSomethingElse(String target) {
        assertNull(RequestTarget.parse(target), target);
    }

    @Test
    void keepsTheRawQuery() {
        RequestTarget t = RequestTarget.parse("/birds?year=2021&species=st%20j");
        assertEquals("/birds", t.path());
        assertEquals("year=2021&species=st%20j", t.query());
        assertEquals("", RequestTarget.parse("/birds").query());
    }

    @Test
    void aControlCharacterInTheQueryIsMalformed() {
        for (String target : new String[] {"/dir?a=\u0000", "/?\r", "/x?y=\u007f", "http://h/?\u0001", "http://h?\t"}) {
            assertNull(RequestTarget.parse(target), target);
        }
        assertEquals("q=\u00e9\u00ff", RequestTarget.parse("/?q=\u00e9\u00ff").query(), "obs-text is the route's to judge");
    }

    @Test
    void encodesPathsForLinks() {
        assertEquals("/a%20b/%3Cscript%3E/%E2%82%AC", PercentEncoding.encodePath("/a b/<script>/\u20ac"));
        assertEquals("/plain/path.txt", PercentEncoding.encodePath("/plain/path.txt"));
        assertEquals("/%3F%23%25", PercentEncoding.encodePath("/?#%"));
    }
}
