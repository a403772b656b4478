package org.camelot.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a key belongs to a certificate, for each form a key file comes in. */
class KeyMatchTest {

    private static X509Bundle ec;
    private static X509Bundle otherEc;
    private static X509Bundle rsa;
    private static X509Bundle otherRsa;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        ec = new CertificateBuilder().subject("CN=ec.test").ecp256().setIsCertificateAuthority(true).buildSelfSigned();
        otherEc = new CertificateBuilder().subject("CN=other-ec.test").ecp256().setIsCertificateAuthority(true).buildSelfSigned();
        rsa = new CertificateBuilder().subject("CN=rsa.test").rsa2048().setIsCertificateAuthority(true).buildSelfSigned();
        otherRsa = new CertificateBuilder().subject("CN=other-rsa.test").rsa2048().setIsCertificateAuthority(true).buildSelfSigned();
    }

    /** The key as OpenSSL writes it: PKCS#8 around an RFC 5915 ECPrivateKey that carries the public point. */
    private static byte[] openSslForm(KeyPair pair) throws Exception {
        PrivateKeyInfo jdk = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        byte[] point = KeyMatchTest.point(pub);
        var inner = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) pair.getPrivate()).getS(),
                new DERBitString(point), null);
        return new PrivateKeyInfo(jdk.getPrivateKeyAlgorithm(), inner).getEncoded();
    }

    private static byte[] point(ECPublicKey pub) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, pub.getW().getAffineX());
        byte[] y = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, pub.getW().getAffineY());
        System.arraycopy(x, 0, out, 1, 32);
        System.arraycopy(y, 0, out, 33, 32);
        return out;
    }

    /** Written to a PEM file and read back as the daemon reads key files. */
    private PrivateKey read(byte[] pkcs8) throws Exception {
        Path file = Files.createTempFile(dir, "key", ".pem");
        Files.writeString(file, TestCertificates.pem("PRIVATE KEY", pkcs8));
        return PemFiles.privateKey(file, "tls.private-key");
    }

    @Test
    void anEcKeyThatCarriesItsPointIsComparedByIt() throws Exception {
        PrivateKey own = read(openSslForm(ec.getKeyPair()));
        assertArrayEquals(point((ECPublicKey) ec.getCertificate().getPublicKey()), KeyMatch.ecPublicPoint(own.getEncoded()));
        assertTrue(KeyMatch.matches(own, ec.getCertificate()));
        assertFalse(KeyMatch.matches(read(openSslForm(otherEc.getKeyPair())), ec.getCertificate()));
    }

    @Test
    void anEcKeyWithoutItsPointIsCheckedBySigning() throws Exception {
        PrivateKey own = read(ec.getKeyPair().getPrivate().getEncoded());
        assertNull(KeyMatch.ecPublicPoint(own.getEncoded()));
        assertTrue(KeyMatch.matches(own, ec.getCertificate()));
        assertFalse(KeyMatch.matches(read(otherEc.getKeyPair().getPrivate().getEncoded()), ec.getCertificate()));
    }

    @Test
    void anRsaKeyIsComparedByItsModulus() throws Exception {
        assertTrue(KeyMatch.matches(read(rsa.getKeyPair().getPrivate().getEncoded()), rsa.getCertificate()));
        assertFalse(KeyMatch.matches(read(otherRsa.getKeyPair().getPrivate().getEncoded()), rsa.getCertificate()));
    }

    @Test
    void aKeyOfAnotherAlgorithmNeverMatches() throws Exception {
        assertFalse(KeyMatch.matches(read(openSslForm(ec.getKeyPair())), rsa.getCertificate()));
        assertFalse(KeyMatch.matches(read(rsa.getKeyPair().getPrivate().getEncoded()), ec.getCertificate()));
    }

    @Test
    void aTruncatedEncodingHasNoPoint() throws Exception {
        byte[] full = openSslForm(ec.getKeyPair());
        for (int n = 0; n < full.length; n++) {
            assertNull(KeyMatch.ecPublicPoint(java.util.Arrays.copyOf(full, n)), "first " + n + " bytes");
        }
    }
}
