package org.camelot.protocol.http.files;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.camelot.protocol.http.PercentEncoding;
import org.camelot.protocol.http.Request;
import org.camelot.protocol.http.Response;
import org.camelot.protocol.http.Route;

/**
 * Serves the files under a root directory: the request's path (already decoded and normalized by the listener) is
 * checked segment by segment, resolved under the root, and looked up in the {@link FileCache}; directories get a
 * redirect to their slash form, their index file or a listing; precompressed variants are chosen by
 * {@code Accept-Encoding}.
 */
final class FileRoute implements Route {

    private final FilesSettings settings;
    private final Executor blocking;
    private final FileCache cache;
    private final DirectoryListing listing;

    FileRoute(FilesSettings settings, Path root, Executor blocking) {
        this.settings = settings;
        this.blocking = blocking;
        this.cache = new FileCache(settings, root, blocking);
        this.listing = new DirectoryListing(settings.dotfiles());
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        String relative = request.routePath();
        boolean slash = relative.endsWith("/");
        String key = slash ? relative.substring(0, relative.length() - 1) : relative;
        if (!servable(key)) {
            return Response.status(HttpResponseStatus.NOT_FOUND).completed();
        }
        return cache.lookup(key, FileCache.Variant.PLAIN, name(key))
                .thenCompose(info -> answer(request, key, info, slash));
    }

    /**
     * Whether every segment of a route path ({@code ""} or {@code /a/b}) may be served. The listener already
     * refused {@code ..}, backslashes, NUL and control characters; this is the route's own rule on dotfiles.
     */
    private boolean servable(String key) {
        return settings.dotfiles() || !key.contains("/.");
    }

    private CompletionStage<Response> answer(Request request, String key, FileInfo info, boolean slash) {
        switch (info.kind()) {
            case MISSING:
                return Response.status(HttpResponseStatus.NOT_FOUND).completed();
            case FORBIDDEN:
                return Response.status(HttpResponseStatus.FORBIDDEN).completed();
            case DIRECTORY:
                if (!slash) {
                    String query = request.query().isEmpty() ? "" : "?" + request.query();
                    return Response.redirect(HttpResponseStatus.MOVED_PERMANENTLY,
                            PercentEncoding.encodePath(request.path()) + "/" + query).completed();
                }
                return index(request, key, info.path(), 0);
            default:
                if (slash) {
                    return Response.status(HttpResponseStatus.NOT_FOUND).completed();
                }
                return file(request, key, info);
        }
    }

    /** The first index file of a directory, or its listing, or 403. */
    private CompletionStage<Response> index(Request request, String dirKey, Path dir, int next) {
        if (next == settings.index().size()) {
            if (!settings.listing()) {
                return Response.status(HttpResponseStatus.FORBIDDEN).completed();
            }
            return CompletableFuture.supplyAsync(() -> listing.render(dir, request.path()), blocking);
        }
        String name = settings.index().get(next);
        String candidate = dirKey + "/" + name;
        return cache.lookup(candidate, FileCache.Variant.PLAIN, name).thenCompose(info -> info.kind()
                == FileInfo.Kind.FILE ? file(request, candidate, info) : index(request, dirKey, dir, next + 1));
    }

    /** A file, or its precompressed variant when the client takes it. */
    private CompletionStage<Response> file(Request request, String key, FileInfo info) {
        int sidecars = info.sidecars();
        if (sidecars != 0) {
            if ((sidecars & FileInfo.BROTLI) != 0 && request.acceptsEncoding("br")) {
                return variant(request, key, info, FileCache.Variant.BROTLI);
            }
            if ((sidecars & FileInfo.GZIP) != 0 && request.acceptsEncoding("gzip")) {
                return variant(request, key, info, FileCache.Variant.GZIP);
            }
        }
        return serve(info);
    }

    private CompletionStage<Response> variant(Request request, String key, FileInfo original, FileCache.Variant v) {
        return cache.lookup(key + v.suffix, v, name(key)).thenCompose(info ->
                // A variant older than its original is stale: the original is sent.
                info.kind() == FileInfo.Kind.FILE && info.modified() >= original.modified()
                        ? serve(info) : serve(original));
    }

    private CompletionStage<Response> serve(FileInfo info) {
        Response response = Response.ok().headers(info.headers()).etag(info.etag()).lastModified(info.modified());
        if (info.content() != null) {
            return response.body(info.content().duplicate()).completed();
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return response.file(FileChannel.open(info.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
                        0, info.size());
            } catch (IOException e) {
                return Response.status(HttpResponseStatus.NOT_FOUND);
            }
        }, blocking);
    }

    /** The last segment of a route path. */
    private static String name(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        cache.clear();
    }
}
