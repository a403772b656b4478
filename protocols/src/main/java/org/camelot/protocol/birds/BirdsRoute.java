package org.camelot.protocol.birds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.camelot.protocol.http.Request;
import org.camelot.protocol.http.Response;
import org.camelot.protocol.http.Route;

/**
 * Answers {@code GET /birds} (the matching rows) and {@code GET /birds/species} (the species with their row counts)
 * from a {@link Survey} in memory. Everything is ready when a request comes: the route picks an index list, and the
 * answer is a slice of the pre-encoded rows, a copy of a few slices, or, past {@code stream-threshold}, a stream of
 * them; nothing is encoded per request but error bodies and filtered species listings.
 */
final class BirdsRoute implements Route {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String CSV_TYPE = "text/csv; charset=utf-8";

    private final SurveyCache.Lease lease;
    private final Survey survey;
    /** The mount path with no trailing slash: empty for a route mounted at {@code /}. */
    private final String base;
    private final int streamThreshold;
    private final HttpHeaders jsonHeaders;
    private final HttpHeaders csvHeaders;
    private final HttpHeaders jsonGzipHeaders;
    private final HttpHeaders csvGzipHeaders;
    private final HttpHeaders errorHeaders;

    BirdsRoute(SurveyCache.Lease lease, String mountPath, BirdsSettings settings) {
        this.lease = lease;
        this.survey = lease.survey();
        this.base = mountPath.equals("/") ? "" : mountPath;
        this.streamThreshold = settings.streamThreshold();
        this.jsonHeaders = headers(JSON_TYPE, settings.cacheControl(), false);
        this.csvHeaders = headers(CSV_TYPE, settings.cacheControl(), false);
        this.jsonGzipHeaders = headers(JSON_TYPE, settings.cacheControl(), true);
        this.csvGzipHeaders = headers(CSV_TYPE, settings.cacheControl(), true);
        this.errorHeaders = new ReadOnlyHttpHeaders(false, HttpHeaderNames.CONTENT_TYPE, JSON_TYPE);
    }

    private static HttpHeaders headers(String type, String cacheControl, boolean gzip) {
        HttpHeaders h = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, type)
                // The representation depends on Accept (JSON or CSV) and on Accept-Encoding (gzip or not).
                .set(HttpHeaderNames.VARY, "Accept, Accept-Encoding");
        if (cacheControl != null) {
            h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
        }
        if (gzip) {
            h.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        }
        return h;
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        String sub = request.routePath();
        // Mounted at /, the rows are at / itself (FastAPI's "/" route), which no redirect may point away from.
        if (base.isEmpty() && sub.equals("/")) {
            sub = "";
        }
        boolean listing;
        switch (sub) {
            case "" -> listing = false;
            case "/species" -> listing = true;
            case "/", "/species/" -> {
                String query = request.query().isEmpty() ? "" : "?" + request.query();
                return Response.redirect(HttpResponseStatus.TEMPORARY_REDIRECT,
                        base + sub.substring(0, sub.length() - 1) + query).completed();
            }
            default -> {
                return Response.status(HttpResponseStatus.NOT_FOUND).completed();
            }
        }
        QueryParser.Result parsed = QueryParser.parse(request.parameters());
        if (parsed.query() == null) {
            return invalid(parsed.errors()).completed();
        }
        boolean csv = Negotiation.prefersCsv(request.headers().get(HttpHeaderNames.ACCEPT));
        Query q = parsed.query();
        Response response = listing ? species(q, csv) : rows(q, csv, request);
        return response.completed();
    }

    private Response rows(Query q, boolean csv, Request request) {
        EncodedRows encoded = survey.rows(csv);
        Selection s = survey.table().select(q);
        Response response = Response.ok().headers(csv ? csvHeaders : jsonHeaders).etag(etag('r', csv, q))
                .lastModified(survey.lastModified()).compressible(true);
        if (s.count() == survey.table().size()) {
            ByteBuf gzipped = request.acceptsEncoding("gzip") ? survey.wholeGzipped(csv) : null;
            if (gzipped != null) {
                // What the listener would send had it compressed the answer itself: the same tag, made weak.
                return response.headers(csv ? csvGzipHeaders : jsonGzipHeaders).etag("W/" + etag('r', csv, q))
                        .body(gzipped);
            }
            return response.body(encoded.whole());
        }
        SurveyTable.Slot slot = survey.table().slot(q);
        EncodedRows clustered = slot == null ? null : survey.clustered(slot.family(), csv);
        if (clustered != null) {
            Selection group = new Selection(null, slot.start(), slot.start() + slot.size());
            return response.body(clustered.contiguous(group.page(q.offset(), q.limit())));
        }
        if (s.contiguous()) {
            return response.body(encoded.contiguous(s));
        }
        long length = encoded.length(s);
        if (length <= streamThreshold) {
            return response.body(encoded.copy(s, request.alloc()));
        }
        return response.stream(new RowsInput(encoded, s, length));
    }

    private Response species(Query q, boolean csv) {
        Selection matching = survey.table().filter(q);
        byte[] body = survey.species().answer(matching, !q.filtered(), q.offset(), q.limit(), csv);
        return Response.ok().headers(csv ? csvHeaders : jsonHeaders).etag(etag('s', csv, q))
                .lastModified(survey.lastModified()).compressible(true).body(body);
    }

    /** 422 with FastAPI's validation-error body. */
    private Response invalid(List<Map<String, Object>> errors) {
        try {
            return Response.status(HttpResponseStatus.UNPROCESSABLE_ENTITY).headers(errorHeaders)
                    .body(JSON.writeValueAsBytes(Map.of("detail", errors)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data set's tag, what is answered (rows or species, JSON or CSV), and the canonical query. */
    private String etag(char what, boolean csv, Query q) {
        return "\"" + survey.tag() + "-" + what + (csv ? 'c' : 'j') + Long.toHexString(q.digest()) + "\"";
    }

    @Override
    public void close() {
        lease.close();
    }
}
