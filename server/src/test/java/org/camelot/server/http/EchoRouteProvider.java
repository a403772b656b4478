package org.camelot.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.stream.ChunkedInput;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;
import org.camelot.protocol.http.Request;
import org.camelot.protocol.http.Response;
import org.camelot.protocol.http.Route;
import org.camelot.protocol.http.RouteContext;
import org.camelot.protocol.http.RouteProvider;

/** {@code type: echo}: a route type made for the tests, written against the public route SPI only. */
public final class EchoRouteProvider implements RouteProvider<EchoRouteProvider.EchoSettings> {

    /**
     * @param greeting  the first word of every answer (required to be non-blank)
     * @param chunks    how many chunks {@code /stream} sends (default 10)
     * @param chunkSize bytes per chunk (default 1000)
     */
    public record EchoSettings(String greeting, Integer chunks, Integer chunkSize) {
        public EchoSettings {
            greeting = Settings.orDefault(greeting, "echo");
            if (greeting.isBlank()) {
                throw new InvalidSettingException("greeting", greeting, "a word");
            }
            chunks = Settings.range("chunks", Settings.orDefault(chunks, 10), 0, 100_000);
            chunkSize = Settings.range("chunk-size", Settings.orDefault(chunkSize, 1000), 1, 1 << 20);
        }
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public Class<EchoSettings> settingsType() {
        return EchoSettings.class;
    }

    @Override
    public Route create(RouteContext<EchoSettings> context) {
        EchoSettings s = context.settings();
        if (s.greeting().equals("refuse")) {
            throw new InvalidSettingException("greeting", s.greeting(), "anything but refuse");
        }
        return request -> answer(context, request);
    }

    private static CompletionStage<Response> answer(RouteContext<EchoSettings> context, Request request) {
        EchoSettings s = context.settings();
        switch (request.routePath()) {
            case "/stream", "/stream-known" -> {
                boolean known = request.routePath().equals("/stream-known");
                return Response.ok().contentType("application/octet-stream")
                        .compressible("1".equals(request.parameter("gz")))
                        .stream(new PatternInput(s.chunks(), s.chunkSize(), known)).completed();
            }
            case "/json" -> {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0; i < 2000; i++) {
                    b.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"species\":\"stejay\"}");
                }
                return Response.ok().contentType("application/json").etag("\"v1\"").compressible(true)
                        .body(b.append("]").toString().getBytes(StandardCharsets.UTF_8)).completed();
            }
            case "/async" -> {
                CompletableFuture<Response> later = new CompletableFuture<>();
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                        .execute(() -> later.complete(Response.ok().body("answered later")));
                return later;
            }
            case "/fail" -> {
                return CompletableFuture.failedFuture(new IllegalStateException("failing on purpose"));
            }
            case "/unprocessable" -> {
                return Response.status(HttpResponseStatus.UNPROCESSABLE_ENTITY).contentType("application/json")
                        .body("{\"detail\":\"bad year\"}".getBytes(StandardCharsets.UTF_8)).completed();
            }
            case "/headers" -> {
                return Response.ok().header(HttpHeaderNames.VARY, "Accept").header("X-Custom", "yes")
                        .header(HttpHeaderNames.CONTENT_LENGTH, "999").compressible(true).body("h").completed();
            }
            default -> {
                return Response.ok().body(s.greeting() + " mount=" + context.path() + " path=" + request.path()
                        + " route=" + request.routePath() + " params=" + request.parameters()
                        + " secure=" + request.secure()).completed();
            }
        }
    }

    /** {@code chunks} chunks of {@code size} bytes of a known pattern. */
    static final class PatternInput implements ChunkedInput<ByteBuf> {
        private final int chunks;
        private final int size;
        private final boolean known;
        private int sent;
        boolean closed;

        PatternInput(int chunks, int size, boolean known) {
            this.chunks = chunks;
            this.size = size;
            this.known = known;
        }

        static byte at(long i) {
            return (byte) ('a' + i % 26);
        }

        @Override
        public boolean isEndOfInput() {
            return sent == chunks;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        @Deprecated
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            if (sent == chunks) {
                return null;
            }
            // One bulk write: byte by byte, the leak detector at paranoid level records every access.
            byte[] bytes = new byte[size];
            long base = (long) sent * size;
            for (int i = 0; i < size; i++) {
                bytes[i] = at(base + i);
            }
            sent++;
            return allocator.buffer(size).writeBytes(bytes);
        }

        @Override
        public long length() {
            return known ? (long) chunks * size : -1;
        }

        @Override
        public long progress() {
            return (long) sent * size;
        }
    }
}
