package org.camelot.client.bench;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.camelot.client.bench.run.Workload;
import org.camelot.client.bench.workload.Http1Workload;
import org.camelot.client.bench.workload.Http2Workload;
import org.camelot.client.bench.workload.Http3Workload;
import org.camelot.client.command.ExitCodes;
import org.camelot.client.tls.ClientTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench http [GET|HEAD] URL}: HTTP/1.1 requests on kept-alive connections, or with {@code --http2} HTTP/2
 * requests, {@code --streams} at once on each connection, or with {@code --http3} HTTP/3 requests over QUIC, as many.
 */
@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false,
        description = "HTTP/1.1 requests on kept-alive connections, or HTTP/2 requests with --http2 or HTTP/3 requests "
                + "with --http3 (--streams on each connection); a status of 400 or more counts as an error.")
final class HttpBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "[METHOD] URL",
            description = "GET (default) or HEAD, then the URL (http:// or https://).")
    List<String> args;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "For https: PEM CA certificates the server's certificate must chain to.")
    java.nio.file.Path caCert;

    @Option(names = "--insecure", description = "For https: accept any certificate and name (testing only).")
    boolean insecure;

    @Option(names = "--http2", description = "Speak HTTP/2: h2 by ALPN over TLS, prior knowledge over cleartext.")
    boolean http2;

    @Option(names = "--http3", description = "Speak HTTP/3 over QUIC (UDP to the URL's port; https:// only).")
    boolean http3;

    @Option(names = "--streams", paramLabel = "N",
            description = "With --http2 or --http3: requests in flight at once on each connection, each on its stream "
                    + "(h2load's -m). Default: 1.")
    Integer streams;

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() {
        String method = args.size() == 2 ? args.get(0).toUpperCase(Locale.ROOT) : "GET";
        String url = args.get(args.size() - 1);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            spec.commandLine().getErr().println("bench: method " + method + ": expected GET or HEAD");
            return ExitCodes.USAGE;
        }
        if (http2 && http3) {
            spec.commandLine().getErr().println("bench: --http2 and --http3 exclude each other");
            return ExitCodes.USAGE;
        }
        if (streams != null && !http2 && !http3) {
            spec.commandLine().getErr().println("bench: --streams needs --http2 or --http3");
            return ExitCodes.USAGE;
        }
        Workload w;
        try {
            URI uri = new URI(url);
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            ClientTls tls = https || http3 ? ClientTls.of(caCert, insecure) : null;
            int n = streams == null ? 1 : streams;
            HttpMethod m = HttpMethod.valueOf(method);
            w = http3 ? new Http3Workload(uri, m, tls, n)
                    : http2 ? new Http2Workload(uri, m, https
                    ? tls.netty(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1) : null, n)
                    : new Http1Workload(uri, m, https ? tls.netty() : null);
        } catch (URISyntaxException | IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return BenchRunner.run(w, load, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
