package org.camelot.client.tls;

import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertificateException;

/** One line saying why a TLS connection failed. */
public final class TlsFailure {

    private TlsFailure() {
    }

    /**
     * Why, in one line: the certificate checks' own words when they refused the server
     * ({@link ClientTls#VERIFY_FAILED}, {@link ClientTls#HOST_MISMATCH}), else the handshake's.
     */
    public static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && refusal(t.getMessage())) {
                return t.getMessage();
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("Unsupported or unrecognized SSL message")
                || failure.getCause() instanceof NotSslRecordException) {
            return "the server did not answer in TLS (is it a cleartext port?)";
        }
        return message;
    }

    /** As {@link #reason}, a failure other than a refused certificate said to be the handshake's. */
    public static String describe(Throwable failure) {
        String reason = reason(failure);
        return refusal(reason) ? reason : "TLS handshake failed: " + reason;
    }

    private static boolean refusal(String message) {
        return message != null && (message.startsWith(ClientTls.VERIFY_FAILED)
                || message.startsWith(ClientTls.HOST_MISMATCH));
    }
}
