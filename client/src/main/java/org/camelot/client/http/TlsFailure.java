package org.camelot.client.http;

import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertificateException;

/** One line saying why a TLS connection failed. */
final class TlsFailure {

    private TlsFailure() {
    }

    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null
                    && (t.getMessage().startsWith(ClientTls.VERIFY_FAILED)
                    || t.getMessage().startsWith(ClientTls.HOST_MISMATCH))) {
                return t.getMessage();
            }
        }
        String message = String.valueOf(failure.getMessage());
        if (message.contains("Unsupported or unrecognized SSL message")
                || failure.getCause() instanceof NotSslRecordException) {
            return "TLS handshake failed: the server did not answer in TLS (is it a cleartext port?)";
        }
        return "TLS handshake failed: " + message;
    }
}
