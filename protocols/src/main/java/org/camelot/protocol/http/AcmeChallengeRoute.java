package org.camelot.protocol.http;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers ACME {@code http-01} challenges ({@code GET /.well-known/acme-challenge/TOKEN}, RFC 8555 section 8.3) on
 * every cleartext {@code http} listener, from one store shared by the daemon: the ACME client puts a token's key
 * authorization in before it asks the CA to validate, and takes it out afterwards. Unknown tokens get 404.
 */
public final class AcmeChallengeRoute implements Route {

    /** Where the challenges are served. */
    public static final String PATH = "/.well-known/acme-challenge";
    /** Tokens are base64url, 43 characters for 32 random bytes; a generous bound keeps the store lookup cheap. */
    private static final int MAX_TOKEN = 256;
    private static final Map<String, String> answers = new ConcurrentHashMap<>();
    static final AcmeChallengeRoute INSTANCE = new AcmeChallengeRoute();

    private AcmeChallengeRoute() {
    }

    /** Serves {@code keyAuthorization} for {@code token} until {@link #withdraw}. */
    public static void publish(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization);
    }

    /** Stops serving {@code token}. */
    public static void withdraw(String token) {
        answers.remove(token);
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        String rest = request.routePath();
        String token = rest.startsWith("/") ? rest.substring(1) : rest;
        String answer = token.isEmpty() || token.length() > MAX_TOKEN ? null : answers.get(token);
        if (answer == null) {
            return Response.status(HttpResponseStatus.NOT_FOUND).contentType(HttpHeaderValues.TEXT_PLAIN)
                    .body("no such ACME challenge\n").completed();
        }
        return Response.ok().contentType("application/octet-stream").header("Cache-Control", "no-store")
                .body(answer).completed();
    }
}
