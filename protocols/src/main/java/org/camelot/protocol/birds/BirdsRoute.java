package org.camelot.protocol.birds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.util.AsciiString;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.camelot.protocol.http.Request;
import org.camelot.protocol.http.Response;
import org.camelot.protocol.http.Route;

/**
 * Answers {@code GET /birds} (the matching rows) and {@code GET /birds/species} (the species with their row counts)
 * from a {@link Survey} in memory. Everything is ready when a request comes: the route picks an index list, and the
 * answer is a slice of the pre-encoded rows, a copy of a few slices, or, past {@code stream-threshold}, a stream of
 * them; nothing is encoded per request but error bodies and filtered species listings. What a query string comes to
 * (the validated query, its entity tags, where its rows are) is worked out once and remembered for the next request
 * with the same string, and the whole table goes out with {@code sendfile} on cleartext HTTP/1.1 connections.
 */
final class BirdsRoute implements Route {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AsciiString JSON_TYPE = AsciiString.cached("application/json");
    private static final AsciiString CSV_TYPE = AsciiString.cached("text/csv; charset=utf-8");
    // Names as they go on the wire, so the head is written with one copy per field rather than byte by byte.
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    private static final AsciiString VARY = AsciiString.cached("Vary");
    private static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");
    private static final AsciiString CONTENT_ENCODING = AsciiString.cached("Content-Encoding");
    /** The most query strings whose plans are remembered, and the longest one remembered (longer are rare). */
    private static final int MAX_PLANS = 512;
    private static final int MAX_PLANNED_QUERY = 512;

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
    /** The whole-table answers for sendfile, or {@code null} (too small for this route's threshold, or no files). */
    private final WholeFiles wholeFiles;
    /** Plans of recent valid query strings; emptied when full, so a flood of distinct queries keeps it bounded. */
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();

    BirdsRoute(SurveyCache.Lease lease, String mountPath, BirdsSettings settings) {
        this.lease = lease;
        this.survey = lease.survey();
        this.base = mountPath.equals("/") ? "" : mountPath;
        this.streamThreshold = settings.streamThreshold();
        this.jsonHeaders = headers(JSON_TYPE, settings.cacheControl(), false);
        this.csvHeaders = headers(CSV_TYPE, settings.cacheControl(), false);
        this.jsonGzipHeaders = headers(JSON_TYPE, settings.cacheControl(), true);
        this.csvGzipHeaders = headers(CSV_TYPE, settings.cacheControl(), true);
        this.errorHeaders = new ReadOnlyHttpHeaders(false, CONTENT_TYPE, JSON_TYPE);
        int largest = Math.max(survey.rows(false).wholeLength(), survey.rows(true).wholeLength());
        this.wholeFiles = largest >= settings.sendfileThreshold() ? survey.wholeFiles() : null;
    }

    private static HttpHeaders headers(AsciiString type, String cacheControl, boolean gzip) {
        List<CharSequence> h = new ArrayList<>(List.of(CONTENT_TYPE, type,
                // The representation depends on Accept (JSON or CSV) and on Accept-Encoding (gzip or not).
                VARY, AsciiString.cached("Accept, Accept-Encoding")));
        if (cacheControl != null) {
            h.addAll(List.of(CACHE_CONTROL, new AsciiString(cacheControl)));
        }
        if (gzip) {
            h.addAll(List.of(CONTENT_ENCODING, AsciiString.cached("gzip")));
        }
        return new ReadOnlyHttpHeaders(false, h.toArray(CharSequence[]::new));
    }

    /**
     * What a valid query string comes to, the same for every request that carries it: the query, the entity tags of
     * its four answers (rows or species, JSON or CSV), whether it selects every row, and the group of a clustered
     * copy that answers it, if any.
     */
    private record Plan(Query query, String[] tags, boolean whole, SurveyTable.Slot slot, Selection group) {

        String tag(char what, boolean csv) {
            return tags[(what == 'r' ? 0 : 2) + (csv ? 1 : 0)];
        }
    }

    /** Works out the plan of a valid query and remembers it for the next request with the same query string. */
    private Plan plan(String raw, Query q) {
        SurveyTable.Slot slot = survey.table().slot(q);
        Plan plan = new Plan(q, new String[] {etag('r', false, q), etag('r', true, q), etag('s', false, q),
                etag('s', true, q)}, survey.table().select(q).count() == survey.table().size(), slot,
                slot == null ? null
                        : new Selection(null, slot.start(), slot.start() + slot.size()).page(q.offset(), q.limit()));
        if (raw.length() <= MAX_PLANNED_QUERY) {
            if (plans.size() >= MAX_PLANS) {
                plans.clear();
            }
            plans.put(raw, plan);
        }
        return plan;
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
        Plan plan = plans.get(request.query());
        if (plan == null) {
            QueryParser.Result parsed = QueryParser.parse(request.parameters());
            if (parsed.query() == null) {
                return invalid(parsed.errors()).completed();
            }
            plan = plan(request.query(), parsed.query());
        }
        boolean csv = Negotiation.prefersCsv(request.headers().get(HttpHeaderNames.ACCEPT));
        Response response = listing ? species(plan, csv) : rows(plan, csv, request);
        return response.completed();
    }

    private Response rows(Plan plan, boolean csv, Request request) {
        EncodedRows encoded = survey.rows(csv);
        Query q = plan.query();
        Response response = Response.ok().headers(csv ? csvHeaders : jsonHeaders).etag(plan.tag('r', csv))
                .lastModified(survey.lastModified()).compressible(true);
        if (plan.whole()) {
            boolean gzip = request.acceptsEncoding("gzip");
            ByteBuf gzipped = gzip ? survey.wholeGzipped(csv) : null;
            if (gzipped != null) {
                // What the listener would send had it compressed the answer itself: the same tag, made weak.
                return response.headers(csv ? csvGzipHeaders : jsonGzipHeaders).etag("W/" + plan.tag('r', csv))
                        .body(gzipped);
            }
            // A client that takes gzip gets the listener's compression of the buffer, as before; a HEAD needs no
            // body; over TLS (and HTTP/2, HTTP/3) the bytes go through the encryptor or the framing anyway.
            if (!gzip && wholeFiles != null && !request.head() && !request.secure()
                    && request.protocol().startsWith("HTTP/1.")) {
                FileChannel file = wholeFiles.open(csv);
                if (file != null) {
                    return response.file(file, 0, wholeFiles.length(csv));
                }
            }
            return response.body(encoded.whole());
        }
        EncodedRows clustered = plan.slot() == null ? null : survey.clustered(plan.slot().family(), csv);
        if (clustered != null) {
            return response.body(clustered.contiguous(plan.group()));
        }
        Selection s = survey.table().select(q);
        if (s.contiguous()) {
            return response.body(encoded.contiguous(s));
        }
        long length = encoded.length(s);
        if (length <= streamThreshold) {
            return response.body(encoded.copy(s, request.alloc()));
        }
        return response.stream(new RowsInput(encoded, s, length));
    }

    private Response species(Plan plan, boolean csv) {
        Query q = plan.query();
        Selection matching = survey.table().filter(q);
        byte[] body = survey.species().answer(matching, !q.filtered(), q.offset(), q.limit(), csv);
        return Response.ok().headers(csv ? csvHeaders : jsonHeaders).etag(plan.tag('s', csv))
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
