package org.camelot.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelot.protocol.InvalidSettingException;

/** Reads PEM certificates and PKCS#8 keys, with errors that say which file and what is wrong with it. */
public final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemFiles() {
    }

    /** Reads every certificate of a PEM file, in order. */
    public static List<X509Certificate> certificates(Path file, String key) {
        String text = readable(file, key, "a readable PEM certificate file");
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new InvalidSettingException(key, file.toString(), "a PEM file with -----BEGIN CERTIFICATE----- blocks");
        }
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return out;
        } catch (IOException | CertificateException e) {
            throw new InvalidSettingException(key, file.toString(), "a valid PEM certificate file (" + e.getMessage() + ")");
        }
    }

    /** Reads an unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}). */
    public static PrivateKey privateKey(Path file, String key) {
        String text = readable(file, key, "a readable PEM private key file");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
                return decode(der, file, key);
            }
            if (type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new InvalidSettingException(key, file.toString(), "an unencrypted PKCS#8 key "
                        + "(decrypt it with: openssl pkcs8 -in KEY -out KEY.pem)");
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new InvalidSettingException(key, file.toString(), "a PKCS#8 key (BEGIN PRIVATE KEY), not "
                        + type + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem");
            }
        }
        throw new InvalidSettingException(key, file.toString(), "a PEM file with a -----BEGIN PRIVATE KEY----- block");
    }

    private static PrivateKey decode(byte[] der, Path file, String key) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new InvalidSettingException(key, file.toString(), "an RSA, EC or EdDSA private key");
    }

    private static String readable(Path file, String key, String expected) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException(key, file.toString(), expected + " (no such file)");
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidSettingException(key, file.toString(), expected + " (" + e.getMessage() + ")");
        }
    }
}
