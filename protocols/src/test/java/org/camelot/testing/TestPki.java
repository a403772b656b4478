package org.camelot.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Certificates made for a test, written as PEM files: a CA, a {@code localhost} server certificate (SAN localhost,
 * 127.0.0.1, ::1) and a client certificate, both issued by the CA. No key is ever checked in.
 *
 * @param dir        where the files are
 * @param ca         the CA
 * @param server     the server certificate and key
 * @param client     the client certificate and key
 */
public record TestPki(Path dir, X509Bundle ca, X509Bundle server, X509Bundle client) {

    /** Creates a new CA and certificates in {@code dir}. */
    public static TestPki create(Path dir) {
        try {
            Instant now = Instant.now();
            X509Bundle ca = new CertificateBuilder().subject("CN=Camelot Test CA").ecp256()
                    .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(30, ChronoUnit.DAYS))
                    .setIsCertificateAuthority(true).buildSelfSigned();
            X509Bundle server = new CertificateBuilder().subject("CN=localhost").ecp256()
                    .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(30, ChronoUnit.DAYS))
                    .addSanDnsName("localhost").addSanIpAddress("127.0.0.1").addSanIpAddress("::1")
                    .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
            X509Bundle client = new CertificateBuilder().subject("CN=camelot-test-client").ecp256()
                    .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(30, ChronoUnit.DAYS))
                    .addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
            Files.writeString(dir.resolve("server.pem"), server.getCertificatePEM());
            Files.writeString(dir.resolve("server-key.pem"), server.getPrivateKeyPEM());
            Files.writeString(dir.resolve("client.pem"), client.getCertificatePEM());
            Files.writeString(dir.resolve("client-key.pem"), client.getPrivateKeyPEM());
            return new TestPki(dir, ca, server, client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test certificates", e);
        }
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    /** A YAML {@code tls:} block (indented by {@code indent} spaces) naming the server files. */
    public String tlsYaml(int indent) {
        String pad = " ".repeat(indent);
        return pad + "tls:\n"
                + pad + "  certificate: " + serverCert() + "\n"
                + pad + "  private-key: " + serverKey() + "\n"
                + pad + "  trust: " + caPem() + "\n";
    }
}
