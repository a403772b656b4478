package org.camelot.protocol.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.SettingsBinder;
import org.camelot.protocol.birds.BirdsProvider;
import org.camelot.protocol.birds.BirdsSettings;
import org.camelot.protocol.http.files.FilesProvider;
import org.camelot.protocol.http.files.FilesSettings;

/**
 * A listener's real HTTP pipeline on an {@link EmbeddedChannel}, for the fuzz targets: the clock, Netty's request
 * decoder and the connection handler, answering from a route table of real routes: {@code files} at {@code /} over
 * a temporary web root (a sibling directory holds a secret that symbolic links inside the root point at), the same
 * root with listings and dotfiles at {@code /listed}, and {@code birds} over the project's sample survey at
 * {@code /birds} and, streaming every scattered answer, at {@code /streamed}. Blocking work runs inline, so an
 * input is answered before {@link #exchange} returns.
 *
 * <p>Every buffer of a connection comes from an allocator of its own whose use is checked to be zero once the
 * connection is closed, so a leak fails the very input that caused it.
 */
public final class FuzzSite {

    /** Bytes that exist only outside the web root: no answer may ever contain them. */
    public static final String SECRET = "secret-" + UUID.randomUUID();

    private static FuzzSite instance;

    private final Path base;
    private final HttpProtocol protocol;

    /** What one connection got. */
    public record Outcome(String output, List<Integer> statuses, boolean closed) {
    }

    private FuzzSite() throws Exception {
        base = Files.createTempDirectory("camelot-fuzz");
        Runtime.getRuntime().addShutdownHook(new Thread(this::delete));
        Path root = Files.createDirectories(base.resolve("www"));
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(outside.resolve("index.html"), SECRET);
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve("a.txt"), "plain text a\n".repeat(200));
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(root.resolve("a.txt.gz")))) {
            gz.write("plain text a\n".repeat(200).getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(root.resolve(".hidden"), "hidden");
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("dir/b.txt"), "b");
        Files.writeString(root.resolve("dir/sub/ünï cödé.txt"), "unicode");
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Files.write(root.resolve("big.bin"), big);
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), outside);
        Files.createSymbolicLink(root.resolve("dir/up"), Path.of("../../outside"));
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("a.txt"));

        FilesSettings plain = new FilesSettings(root, null, null, null, null, null, "max-age=60", null, null, null,
                null, null, null, null);
        FilesSettings listed = new FilesSettings(root, List.of("none.html"), true, true, null, null, null, false,
                Duration.ZERO, 0, null, null, Map.of("txt", "text/x-fuzz"), null);
        Path csv = Path.of("..", "data", "birds-sample.csv").toAbsolutePath().normalize();
        Path species = Path.of("..", "data", "species-sample.csv").toAbsolutePath().normalize();
        BirdsSettings birds = new BirdsSettings(csv, species, "max-age=60", null, null, null, null, null);
        BirdsSettings streamed = new BirdsSettings(csv, null, null, 0, false, null, 0L, 0);
        Map<String, JsonNode> names = new LinkedHashMap<>();
        for (String name : List.of("files", "listed", "birds", "streamed")) {
            names.put(name, JsonNodeFactory.instance.objectNode());
        }
        HttpSettings settings = new HttpSettings("camelot-fuzz", 1024, 2048, 20, 3, Duration.ofSeconds(5),
                Duration.ofSeconds(2), null, 4, 4, 1, 64, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, names);
        Context listener = new Context(settings);
        RouteTable table = RouteTable.of(List.of(
                new RouteTable.Mount("/", new FilesProvider().create(new Mounted<>("files", "/", plain, listener))),
                new RouteTable.Mount("/listed",
                        new FilesProvider().create(new Mounted<>("listed", "/listed", listed, listener))),
                new RouteTable.Mount("/birds",
                        new BirdsProvider().create(new Mounted<>("birds", "/birds", birds, listener))),
                new RouteTable.Mount("/streamed",
                        new BirdsProvider().create(new Mounted<>("streamed", "/streamed", streamed, listener)))));
        protocol = new HttpProtocol("fuzz", settings, table, false, Runnable::run, new SimpleMeterRegistry(), null,
                null);
    }

    /** The site, made on first use and kept for the JVM (fuzzing calls a target many thousand times). */
    public static synchronized FuzzSite get() {
        if (instance == null) {
            try {
                instance = new FuzzSite();
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up the fuzz site", e);
            }
        }
        return instance;
    }

    /**
     * One connection: {@code input} arrives in reads of {@code readSize} bytes; then, if {@code waitOut}, the
     * clock runs past every timeout; then the client closes. Fails on an exception that reached the end of the
     * pipeline, on a leaked buffer, and on any answer holding bytes from outside the root.
     */
    public Outcome exchange(byte[] input, int readSize, boolean waitOut) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        Wire wire = new Wire();
        EmbeddedChannel channel = new EmbeddedChannel(wire);
        channel.config().setAllocator(alloc);
        channel.freezeTime();
        protocol.initChannel(channel);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (int at = 0; at < input.length && channel.isOpen(); at += readSize) {
                int n = Math.min(readSize, input.length - at);
                channel.writeInbound(alloc.buffer(n).writeBytes(input, at, n));
                channel.runPendingTasks();
                drain(channel, out);
            }
            if (waitOut && channel.isOpen()) {
                channel.advanceTimeBy(1, TimeUnit.MINUTES);
                channel.runScheduledPendingTasks();
                channel.runPendingTasks();
            }
            drain(channel, out);
            boolean closed = !channel.isOpen();
            channel.close();
            channel.runPendingTasks();
            drain(channel, out);
            channel.checkException();
            String text = out.toString(StandardCharsets.ISO_8859_1);
            // An input may hold the secret itself (the fuzzer learns strings from comparisons) and have it echoed,
            // as the birds route echoes a bad parameter: only an answer that could not have echoed it is a leak.
            if (text.contains(SECRET) && !new String(input, StandardCharsets.ISO_8859_1).contains(SECRET)) {
                throw new AssertionError("an answer holds the bytes of a file outside the root:\n" + text);
            }
            return new Outcome(text, List.copyOf(wire.statuses), closed);
        } finally {
            channel.finishAndReleaseAll();
            long used = alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
            if (used != 0) {
                throw new AssertionError(used + " bytes of buffers not released after the connection closed");
            }
        }
    }

    private static void drain(EmbeddedChannel channel, ByteArrayOutputStream out) {
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            try {
                b.readBytes(out, b.readableBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                b.release();
            }
        }
    }

    /**
     * Stands for the socket: reads a file region while its file is open, so that its bytes can be checked, and
     * notes the status of each answer from its head (the first buffer of an answer; no body of the site's starts
     * with a status line).
     */
    private static final class Wire extends ChannelOutboundHandlerAdapter {

        final List<Integer> statuses = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof ByteBuf b && b.readableBytes() >= 13
                    && b.toString(b.readerIndex(), 9, StandardCharsets.ISO_8859_1).equals("HTTP/1.1 ")) {
                statuses.add(Integer.parseInt(b.toString(b.readerIndex() + 9, 3, StandardCharsets.ISO_8859_1)));
            }
            if (!(msg instanceof FileRegion region)) {
                ctx.write(msg, promise);
                return;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (WritableByteChannel sink = Channels.newChannel(bytes)) {
                while (region.transferred() < region.count()) {
                    region.transferTo(sink, region.transferred());
                }
            } finally {
                region.release();
            }
            ctx.write(ctx.alloc().buffer(bytes.size()).writeBytes(bytes.toByteArray()), promise);
        }
    }

    private void delete() {
        try (Stream<Path> all = Files.walk(base)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left in the temporary directory
                }
            });
        } catch (IOException e) {
            // left in the temporary directory
        }
    }

    private record Mounted<S>(String name, String path, S settings, ListenerContext<?> listener)
            implements RouteContext<S> {
    }

    private record Context(HttpSettings settings) implements ListenerContext<HttpSettings> {
        @Override
        public String name() {
            return "fuzz";
        }

        @Override
        public boolean tls() {
            return false;
        }

        @Override
        public Path configDirectory() {
            return Path.of(".");
        }

        @Override
        public java.util.concurrent.Executor blockingExecutor() {
            return Runnable::run;
        }

        @Override
        public SettingsBinder binder() {
            throw new UnsupportedOperationException("the fuzz site binds nothing");
        }

        @Override
        public <T> List<T> services(Class<T> service) {
            return List.of();
        }
    }
}
