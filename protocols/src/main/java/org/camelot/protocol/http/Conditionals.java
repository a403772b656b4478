package org.camelot.protocol.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;

/**
 * Evaluates the preconditions of a GET or HEAD (RFC 9110 13.2.2) against an answer's validators. A malformed date
 * is ignored as if the header were absent.
 */
final class Conditionals {

    enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    private Conditionals() {
    }

    static Outcome evaluate(HttpHeaders request, String etag, long lastModified) {
        String ifMatch = request.get(HttpHeaderNames.IF_MATCH);
        if (ifMatch != null) {
            if (!EntityTags.anyMatches(ifMatch, etag, false)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else if (lastModified >= 0) {
            long since = seconds(request.get(HttpHeaderNames.IF_UNMODIFIED_SINCE));
            if (since >= 0 && lastModified / 1000 > since) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            return EntityTags.anyMatches(ifNoneMatch, etag, true) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        if (lastModified >= 0) {
            long since = seconds(request.get(HttpHeaderNames.IF_MODIFIED_SINCE));
            if (since >= 0 && lastModified / 1000 <= since) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a {@code Range} may be honoured under {@code If-Range}: the header is absent, or names the current
     * entity tag (strong comparison) or exactly the current {@code Last-Modified}.
     */
    static boolean rangeAllowed(HttpHeaders request, String etag, long lastModified) {
        String ifRange = request.get(HttpHeaderNames.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return etag != null && !EntityTags.weak(etag) && EntityTags.anyMatches(v, etag, false);
        }
        long date = seconds(v);
        return date >= 0 && lastModified >= 0 && lastModified / 1000 == date;
    }

    /** Seconds since the epoch of an HTTP date, or -1 when absent or malformed. */
    static long seconds(String httpDate) {
        // Netty refuses to parse more than 64 characters with an exception rather than null; no date is that long.
        if (httpDate == null || httpDate.length() > 64) {
            return -1;
        }
        Date d = DateFormatter.parseHttpDate(httpDate);
        return d == null ? -1 : Math.floorDiv(d.getTime(), 1000);
    }
}
