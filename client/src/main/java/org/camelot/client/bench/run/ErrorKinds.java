package org.camelot.client.bench.run;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.camelot.client.http.NoHttp2Exception;

/** Names failures by kind, for the errors column: the words a person searches for, not exception class names. */
public final class ErrorKinds {

    public static final String TIMEOUT = "timeout";
    public static final String CLOSED = "closed";
    public static final String WRONG_ANSWER = "wrong-answer";
    public static final String TOO_MANY_OPEN_FILES = "too-many-open-files";
    public static final String NO_SOURCE_PORT = "no-source-port";
    public static final String NO_H2 = "no-h2";

    private ErrorKinds() {
    }

    public static String of(Throwable cause) {
        Throwable t = cause;
        while ((t instanceof DecoderException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("too many open files")) {
            return TOO_MANY_OPEN_FILES;
        }
        if (message.contains("cannot assign requested address") || message.contains("address already in use")) {
            return NO_SOURCE_PORT;
        }
        if (t instanceof NoHttp2Exception) {
            return NO_H2;
        }
        if (t instanceof ConnectTimeoutException) {
            return "connect-timeout";
        }
        if (t instanceof SSLException) {
            return "tls";
        }
        if (t instanceof PortUnreachableException || message.contains("port unreachable")) {
            return "port-unreachable";
        }
        if (t instanceof ConnectException || message.contains("connection refused")) {
            return "connect-refused";
        }
        if (message.contains("connection reset")) {
            return "reset";
        }
        if (message.contains("broken pipe")) {
            return "broken-pipe";
        }
        if (t instanceof ClosedChannelException) {
            return CLOSED;
        }
        return t.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", "-").toLowerCase(Locale.ROOT);
    }

    /** What to change when a run hits a limit of the machine, or {@code null}. */
    public static String advice(String kind) {
        return switch (kind) {
            case TOO_MANY_OPEN_FILES -> "the open-files limit (RLIMIT_NOFILE) was reached: raise it with `ulimit -n N` "
                    + "(up to the hard limit; beyond it in /etc/security/limits.conf, systemd LimitNOFILE= or "
                    + "docker --ulimit nofile=N:N), or use fewer connections";
            case NO_SOURCE_PORT -> "the local ports for this destination ran out (net.ipv4.ip_local_port_range, "
                    + "and TIME_WAIT after each close): connect from several loopback addresses with "
                    + "--source-addresses N, widen the range, or use fewer connections";
            case NO_H2 -> "the server does not speak HTTP/2 (it chose another protocol by ALPN, or answered the "
                    + "prior-knowledge preface in HTTP/1.1): enable HTTP/2 on the server, or leave out --http2";
            default -> null;
        };
    }
}
