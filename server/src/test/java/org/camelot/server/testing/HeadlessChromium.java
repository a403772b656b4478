package org.camelot.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium (/usr/bin/chromium), driven over the DevTools protocol (a websocket): open a page,
 * evaluate JavaScript in it. A fresh profile directory per instance; the flags keep it off the network.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final String browserUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private HeadlessChromium(Process process, Path profile, String browserUrl) {
        this.process = process;
        this.profile = profile;
        this.browserUrl = browserUrl;
    }

    /** Starts Chromium and waits (up to a minute on a loaded machine) for its DevTools endpoint. */
    public static HeadlessChromium start() throws Exception {
        Path profile = Files.createTempDirectory("camelot-chromium");
        Process p = new ProcessBuilder(List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuilder early = new StringBuilder();
        Thread.ofPlatform().daemon().name("chromium-stderr").start(() -> {
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (early) {
                        early.append(line).append('\n');
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            url.completeExceptionally(new IllegalStateException("chromium exited: " + early));
        });
        try {
            return new HeadlessChromium(p, profile, url.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not start: " + early, e);
        }
    }

    /** Opens {@code url} in a new tab and returns the tab. */
    public Page open(String url) throws Exception {
        try (Connection browser = connect(browserUrl)) {
            JsonNode r = browser.call("Target.createTarget", JSON.createObjectNode().put("url", url));
            String target = r.path("targetId").asText();
            String port = URI.create(browserUrl).getAuthority();
            return new Page(connect("ws://" + port + "/devtools/page/" + target));
        }
    }

    private Connection connect(String url) throws Exception {
        Connection c = new Connection();
        c.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(url), c).get(30, TimeUnit.SECONDS);
        return c;
    }

    /** One tab. */
    public static final class Page implements AutoCloseable {
        private final Connection connection;

        private Page(Connection connection) {
            this.connection = connection;
        }

        /** The value of a JavaScript expression (a promise is awaited), as JSON. */
        public JsonNode evaluate(String expression) throws Exception {
            ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                    .put("awaitPromise", true);
            JsonNode r = connection.call("Runtime.evaluate", params);
            if (r.has("exceptionDetails")) {
                throw new AssertionError("page script failed: " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** A DevTools websocket: numbered calls, each answered by the message carrying its id. */
    private static final class Connection implements WebSocket.Listener, AutoCloseable {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        JsonNode call(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            calls.put(id, answer);
            ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
            msg.set("params", params);
            socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
            JsonNode r = answer.get(30, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + ": " + r.get("error"));
            }
            return r.path("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(partial.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = calls.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    }
                } catch (IOException e) {
                    calls.values().forEach(f -> f.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    @Override
    public void close() throws Exception {
        // Chromium's helper processes (zygote, network service) can outlive the browser for a moment and keep
        // writing into the profile: end them first, then delete, walking again while files still appear.
        var helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
            helper.onExit().get(10, TimeUnit.SECONDS);
        }
        for (int attempt = 0; attempt < 20 && Files.exists(profile); attempt++) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.UncheckedIOException | IOException vanished) {
                Thread.sleep(50); // a file went away while the walk saw it; walk again
            }
        }
    }
}
