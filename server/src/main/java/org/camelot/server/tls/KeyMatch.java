package org.camelot.server.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;

/**
 * Whether a private key belongs to a certificate, checked as OpenSSL's {@code X509_check_private_key} does (and so
 * nginx): by comparing the certificate's public key with the one the key carries. An RSA key always carries its
 * modulus and public exponent; an EC key in the form OpenSSL writes carries its public point. Only a key that
 * carries no public key (an EC key without it, EdDSA) is checked by signing a challenge and verifying the signature,
 * which costs a hundred times more before the JIT has compiled the arithmetic.
 */
final class KeyMatch {

    private KeyMatch() {
    }

    static boolean matches(PrivateKey key, X509Certificate certificate) {
        PublicKey pub = certificate.getPublicKey();
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        if (key instanceof RSAPrivateCrtKey rsa && pub instanceof RSAPublicKey rsaPub) {
            return rsa.getModulus().equals(rsaPub.getModulus())
                    && rsa.getPublicExponent().equals(rsaPub.getPublicExponent());
        }
        if (key instanceof ECPrivateKey && pub instanceof ECPublicKey ecPub) {
            byte[] point = ecPublicPoint(key.getEncoded());
            if (point != null) {
                return Arrays.equals(point, uncompressed(ecPub));
            }
        }
        return signs(key, pub);
    }

    /** The certificate's point as a key file carries it: 04, then x and y, each as long as the field. */
    private static byte[] uncompressed(ECPublicKey pub) {
        int size = (pub.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] out = new byte[1 + 2 * size];
        out[0] = 4;
        if (!unsigned(pub.getW().getAffineX(), out, 1, size) || !unsigned(pub.getW().getAffineY(), out, 1 + size, size)) {
            return new byte[0];
        }
        return out;
    }

    private static boolean unsigned(BigInteger v, byte[] out, int at, int size) {
        byte[] b = v.toByteArray();
        int skip = b.length > size ? b.length - size : 0;
        for (int i = 0; i < skip; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        System.arraycopy(b, skip, out, at + size - (b.length - skip), b.length - skip);
        return true;
    }

    /**
     * The public point an EC key's PKCS#8 encoding carries (RFC 5915: the optional {@code publicKey [1] BIT STRING}
     * of {@code ECPrivateKey}, inside the PKCS#8 {@code privateKey} OCTET STRING), or {@code null} when it has none
     * or the encoding is not as expected.
     */
    static byte[] ecPublicPoint(byte[] pkcs8) {
        if (pkcs8 == null) {
            return null;
        }
        Der outer = new Der(pkcs8, 0, pkcs8.length).enter(0x30);   // PrivateKeyInfo
        if (outer == null || outer.enter(0x02) == null || outer.enter(0x30) == null) {
            return null;
        }
        Der inner = outer.enter(0x04);                              // privateKey OCTET STRING
        Der ec = inner == null ? null : inner.enter(0x30);          // ECPrivateKey
        if (ec == null || ec.enter(0x02) == null || ec.enter(0x04) == null) {
            return null;
        }
        if (ec.peek() == 0xA0 && ec.enter(0xA0) == null) {           // parameters [0], optional
            return null;
        }
        Der tagged = ec.peek() == 0xA1 ? ec.enter(0xA1) : null;     // publicKey [1], optional
        Der bits = tagged == null ? null : tagged.enter(0x03);
        if (bits == null || bits.end - bits.at < 2 || bits.bytes[bits.at] != 0) {
            return null;
        }
        return Arrays.copyOfRange(bits.bytes, bits.at + 1, bits.end);
    }

    /** A cursor over DER elements in bytes[at, end). */
    private static final class Der {
        final byte[] bytes;
        int at;
        final int end;

        Der(byte[] bytes, int at, int end) {
            this.bytes = bytes;
            this.at = at;
            this.end = end;
        }

        int peek() {
            return at < end ? bytes[at] & 0xff : -1;
        }

        /** The contents of the next element if it has this tag (the cursor moves past it), else {@code null}. */
        Der enter(int tag) {
            if (peek() != tag || at + 2 > end) {
                return null;
            }
            int p = at + 1;
            int len = bytes[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || p + n > end) {
                    return null;
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (bytes[p++] & 0xff);
                }
            }
            if (len > end - p) {
                return null;
            }
            at = p + len;
            return new Der(bytes, p, p + len);
        }
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    private static boolean signs(PrivateKey key, PublicKey pub) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm();
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            Signature verifier = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
                signer.setParameter(pss);
                verifier.setParameter(pss);
            }
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
