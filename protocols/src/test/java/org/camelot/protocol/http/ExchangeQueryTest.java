package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The query is checked before any route sees the request, and decoded only when a route asks for it. */
class ExchangeQueryTest {

    private static Exchange exchange(String target) {
        return new Exchange(new EmbeddedChannel(), UnpooledByteBufAllocator.DEFAULT, false, "HTTP/1.1",
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target));
    }

    private static boolean decoderAccepts(String query) {
        try {
            QueryStringDecoder.builder().hasPath(false).maxParams(256).charset(StandardCharsets.UTF_8).build(query)
                    .parameters();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%zz", "a=%4", "a=%", "%", "a=1&b=%4&c=2", "a=%4g", "a=%\u0663\u0663", "x=%e2%8"})
    void aMalformedEscapeIsABadQuery(String query) {
        assertFalse(exchange("/p?" + query).decodeQuery(), query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=1", "a=%41", "a=%e2%82%AC&b", "a+b=c+d", "%41%42=%43", "a=1;b=2", "a==b&&c"})
    void aWellFormedQueryIsDecodedOnFirstUse(String query) {
        Exchange ex = exchange("/p?" + query);
        assertTrue(ex.decodeQuery(), query);
        Map<String, List<String>> expected = new QueryStringDecoder(query, false).parameters();
        assertEquals(expected, ex.parameters());
        assertTrue(ex.parameters() == ex.parameters(), "decoded once");
    }

    @Test
    void parametersAreNotDecodedByTheCheck() {
        Exchange ex = exchange("/birds?year=2023&species=bkcchi");
        assertTrue(ex.decodeQuery());
        assertFalse(ex.parametersDecoded());
        assertEquals(Map.of("year", List.of("2023"), "species", List.of("bkcchi")), ex.parameters());
        assertTrue(ex.parametersDecoded());
    }

    @Test
    void aRepeatedTargetIsParsedOnce() {
        Exchange first = exchange("/birds?year=2023&species=bkcchi");
        Exchange again = new Exchange(new EmbeddedChannel(), UnpooledByteBufAllocator.DEFAULT, false, "HTTP/1.1",
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/birds?year=2023&species=bkcchi"), first);
        assertTrue(first.parsedTarget() == again.parsedTarget(), "the same target object");
        Exchange other = new Exchange(new EmbeddedChannel(), UnpooledByteBufAllocator.DEFAULT, false, "HTTP/1.1",
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/birds?year=2022"), again);
        assertEquals("/birds", other.path());
        assertEquals("year=2022", other.query());
        Exchange bad = new Exchange(new EmbeddedChannel(), UnpooledByteBufAllocator.DEFAULT, false, "HTTP/1.1",
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/../x"), other);
        assertFalse(bad.wellFormed());
        Exchange afterBad = new Exchange(new EmbeddedChannel(), UnpooledByteBufAllocator.DEFAULT, false,
                "HTTP/1.1", new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/../x"), bad);
        assertFalse(afterBad.wellFormed(), "a malformed target stays malformed");
    }

    @Test
    void anEscapeBeyondTheParameterLimitIsLeftToTheDecoder() {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            q.append("p").append(i).append("=1&");
        }
        q.append("last=%zz");
        assertEquals(decoderAccepts(q.toString()), exchange("/p?" + q).decodeQuery());
    }

    @Test
    void theCheckAgreesWithTheDecoder() {
        Random random = new Random(42);
        String alphabet = "ab=&%+;0129fFgG";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder q = new StringBuilder();
            for (int i = random.nextInt(12) + 1; i > 0; i--) {
                q.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String query = q.toString();
            Exchange ex = exchange("/p?" + query);
            boolean ok = ex.decodeQuery();
            assertEquals(decoderAccepts(query), ok, query);
            if (ok) {
                assertEquals(new QueryStringDecoder(query, false).parameters(), ex.parameters(), query);
            }
        }
    }
}
