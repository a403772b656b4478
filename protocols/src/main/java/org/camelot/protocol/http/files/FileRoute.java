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
    private final Path root;
    private final Executor blocking;
    private final FileCache cache;
    private final DirectoryListing listing;

    FileRoute(FilesSettings settings, Path root, Executor blocking) {
        this.settings = settings;
        this.root = root;
        this.blocking = blocking;
        this.cache = new FileCache(settings, root, blocking);
        this.listing = new DirectoryListing(settings.dotfiles());
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        String relative = request.routePath();
        Path path = resolve(relative);
        if (path == null) {
            return Response.status(HttpResponseStatus.NOT_FOUND).completed();
        }
        boolean slash = relative.endsWith("/");
        return cache.lookup(path, FileCache.Variant.PLAIN, path.getFileName() == null ? "" : name(path))
                .thenCompose(info -> answer(request, path, info, slash));
    }

    /** The file a route path names under the root, or {@code null} when a segment may not be served. */
    private Path resolve(String relative) {
        Path path = root;
        int i = relative.isEmpty() ? 0 : 1;
        while (i < relative.length()) {
            int slash = relative.indexOf('/', i);
            int end = slash < 0 ? relative.length() : slash;
            String segment = relative.substring(i, end);
            // The listener already refused "..", "\", NUL and control characters; this is the route's own rule.
            if (segment.startsWith(".") && !settings.dotfiles() || segment.equals("..") || segment.equals(".")) {
                return null;
            }
            path = path.resolve(segment);
            i = end + 1;
        }
        return path.normalize().startsWith(root) ? path : null;
    }

    private CompletionStage<Response> answer(Request request, Path path, FileInfo info, boolean slash) {
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
                return index(request, path, 0);
            default:
                if (slash) {
                    return Response.status(HttpResponseStatus.NOT_FOUND).completed();
                }
                return file(request, path, info);
        }
    }

    /** The first index file of a directory, or its listing, or 403. */
    private CompletionStage<Response> index(Request request, Path dir, int next) {
        if (next == settings.index().size()) {
            if (!settings.listing()) {
                return Response.status(HttpResponseStatus.FORBIDDEN).completed();
            }
            return CompletableFuture.supplyAsync(() -> listing.render(dir, request.path()), blocking);
        }
        String name = settings.index().get(next);
        Path candidate = dir.resolve(name);
        return cache.lookup(candidate, FileCache.Variant.PLAIN, name).thenCompose(info -> info.kind()
                == FileInfo.Kind.FILE ? file(request, candidate, info) : index(request, dir, next + 1));
    }

    /** A file, or its precompressed variant when the client takes it. */
    private CompletionStage<Response> file(Request request, Path path, FileInfo info) {
        int sidecars = info.sidecars();
        if ((sidecars & FileInfo.BROTLI) != 0 && request.acceptsEncoding("br")) {
            return variant(request, path, info, FileCache.Variant.BROTLI);
        }
        if ((sidecars & FileInfo.GZIP) != 0 && request.acceptsEncoding("gzip")) {
            return variant(request, path, info, FileCache.Variant.GZIP);
        }
        return serve(request, info);
    }

    private CompletionStage<Response> variant(Request request, Path path, FileInfo original, FileCache.Variant v) {
        Path sidecar = path.resolveSibling(name(path) + v.suffix);
        return cache.lookup(sidecar, v, name(path)).thenCompose(info ->
                // A variant older than its original is stale: the original is sent.
                info.kind() == FileInfo.Kind.FILE && info.modified() >= original.modified()
                        ? serve(request, info) : serve(request, original));
    }

    private CompletionStage<Response> serve(Request request, FileInfo info) {
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

    private static String name(Path path) {
        return path.getFileName().toString();
    }

    @Override
    public void close() {
        cache.clear();
    }
}
