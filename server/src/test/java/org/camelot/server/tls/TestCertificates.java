package org.camelot.server.tls;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A test CA that issues server certificates for given names, and a client that reports what a server presents. */
final class TestCertificates {

    private final X509Bundle ca;

    TestCertificates() throws Exception {
        Instant now = Instant.now();
        ca = new CertificateBuilder().subject("CN=Camelot SNI Test CA").ecp256()
                .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(30, ChronoUnit.DAYS))
                .setIsCertificateAuthority(true).buildSelfSigned();
    }

    /** A certificate and its key. */
    record Issued(X509Certificate certificate, PrivateKey key) {
        String certificatePem() {
            return pem("CERTIFICATE", der(certificate));
        }

        String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }
    }

    /** Issues a certificate for {@code names} (the first is the common name), valid from yesterday for 30 days. */
    Issued issue(String... names) throws Exception {
        Instant now = Instant.now();
        return issue(now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), names);
    }

    /** Issues with BouncyCastle, since wildcard names are what some tests need. */
    Issued issue(Instant notBefore, Instant notAfter, String... names) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.getCertificate(),
                new BigInteger(64, new SecureRandom()), Date.from(notBefore), Date.from(notAfter),
                new X500Principal("CN=" + names[0]), key.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(names)
                .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getKeyPair().getPrivate());
        return new Issued(new JcaX509CertificateConverter().getCertificate(b.build(signer)), key.getPrivate());
    }

    /** Writes the certificate and key as PEM files {@code NAME.pem} and {@code NAME-key.pem} in {@code dir}. */
    static Path[] write(Path dir, String name, Issued issued) throws IOException {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + "-key.pem");
        Files.writeString(cert, issued.certificatePem());
        Files.writeString(key, issued.keyPem());
        return new Path[] {cert, key};
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /**
     * Handshakes with {@code address}, sending {@code serverName} as SNI (none when null), and returns the subject of
     * the certificate the server presented.
     */
    String presented(InetSocketAddress address, String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, ca.toTrustManagerFactory().getTrustManagers(), new SecureRandom());
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket()) {
            s.connect(address, 5_000);
            s.setSoTimeout(5_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
            s.setSSLParameters(p);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
