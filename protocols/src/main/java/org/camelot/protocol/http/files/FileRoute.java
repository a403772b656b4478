package org.camelot.protocol.http.files;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.camelot.protocol.http.PercentEncoding;
import org.camelot.protocol.http.Request;
import org.camelot.protocol.http.Response;
import org.camelot.protocol.http.Route;

/**
 * Serves the files under a root directory: the request's path (already decoded and normalized by the listener) is
 * checked segment by segment, resolved under the root by the {@link RootDirectory} (which cannot be led out of it),
 * and looked up in the {@link FileCache}; directories get a redirect to their slash form, their index file or a
 * listing; precompressed variants are chosen by {@code Accept-Encoding}.
 */
final class FileRoute implements Route {

    private final FilesSettings settings;
    private final Executor blocking;
    private final RootDirectory root;
    private final FileCache cache;
    private final DirectoryListing listing;

    /** {@code root} is the root's real path. */
    FileRoute(FilesSettings settings, Path root, Executor blocking) {
        this.settings = settings;
        this.blocking = blocking;
        this.root = new RootDirectory(root, settings.followSymlinks(), settings.followSymlinksOutsideRoot());
        this.cache = new FileCache(settings, this.root, blocking);
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
        CompletableFuture<FileInfo> found = cache.lookup(key, FileCache.Variant.PLAIN, null);
        if (found.isDone() && !found.isCompletedExceptionally()) {
            return answer(request, key, found.join(), slash); // a fresh entry: no stage to chain
        }
        return found.thenCompose(info -> answer(request, key, info, slash));
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
                return index(request, key, 0);
            default:
                if (slash) {
                    return Response.status(HttpResponseStatus.NOT_FOUND).completed();
                }
                return file(request, key, null, info);
        }
    }

    /** The first index file of a directory, or its listing, or 403. */
    private CompletionStage<Response> index(Request request, String dirKey, int next) {
        if (next == settings.index().size()) {
            if (!settings.listing()) {
                return Response.status(HttpResponseStatus.FORBIDDEN).completed();
            }
            return CompletableFuture.supplyAsync(() -> {
                try (OpenedPath dir = root.open(dirKey)) {
                    return switch (dir.kind()) {
                        case DIRECTORY -> listing.render(dir.folder(), request.path());
                        case MISSING, FILE -> Response.status(HttpResponseStatus.NOT_FOUND);
                        case FORBIDDEN -> Response.status(HttpResponseStatus.FORBIDDEN);
                    };
                }
            }, blocking);
        }
        String name = settings.index().get(next);
        String candidate = dirKey + "/" + name;
        return cache.lookup(candidate, FileCache.Variant.PLAIN, name).thenCompose(info -> info.kind()
                == FileInfo.Kind.FILE ? file(request, candidate, name, info) : index(request, dirKey, next + 1));
    }

    /**
     * A file, or its precompressed variant when the client takes it; {@code typeName} gives its content type
     * ({@code null}: the file's own name).
     */
    private CompletionStage<Response> file(Request request, String key, String typeName, FileInfo info) {
        if (info.content() != null && info.sidecars() == 0) {
            return ok(info).body(info.content().duplicate()).completed();
        }
        if (typeName == null) {
            typeName = name(key);
        }
        int sidecars = info.sidecars();
        if (sidecars != 0) {
            if ((sidecars & FileInfo.BROTLI) != 0 && request.acceptsEncoding("br")) {
                return variant(request, key, typeName, info, FileCache.Variant.BROTLI);
            }
            if ((sidecars & FileInfo.GZIP) != 0 && request.acceptsEncoding("gzip")) {
                return variant(request, key, typeName, info, FileCache.Variant.GZIP);
            }
        }
        return serve(key, FileCache.Variant.PLAIN, typeName, info);
    }

    private CompletionStage<Response> variant(Request request, String key, String typeName, FileInfo original,
                                              FileCache.Variant v) {
        return cache.lookup(key + v.suffix, v, typeName).thenCompose(info ->
                // A variant older than its original is stale: the original is sent.
                info.kind() == FileInfo.Kind.FILE && info.modified() >= original.modified()
                        ? serve(key + v.suffix, v, typeName, info) : serve(key, FileCache.Variant.PLAIN, typeName,
                        original));
    }

    /**
     * Sends a file from memory, or opens it again and sends it with the headers of what was opened, which are
     * {@code info}'s unless the file changed since.
     */
    private CompletionStage<Response> serve(String key, FileCache.Variant variant, String typeName, FileInfo info) {
        if (info.content() != null) {
            return ok(info).body(info.content().duplicate()).completed();
        }
        return cache.open(key, variant, typeName, info).thenApply(opened -> {
            FileInfo sent = opened.info();
            return switch (sent.kind()) {
                case FILE -> opened.channel() == null ? ok(sent).body(sent.content().duplicate())
                        : ok(sent).file(opened.channel(), 0, sent.size());
                case FORBIDDEN -> Response.status(HttpResponseStatus.FORBIDDEN);
                case MISSING, DIRECTORY -> Response.status(HttpResponseStatus.NOT_FOUND);
            };
        });
    }

    private static Response ok(FileInfo info) {
        return Response.ok().headers(info.headers()).etag(info.etag()).lastModified(info.modified());
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
