package org.camelot.server.tls.acme;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.camelot.server.config.AcmeSettings;

/**
 * The files of one ACME certificate in the storage directory, laid out as certmagic does so that several daemons
 * can share it: {@code accounts/CA/account-key.pem}, {@code certificates/CA/NAME/certificate.pem} and
 * {@code private-key.pem}, and {@code locks/CA-NAME.lock}, where CA is the directory's host and port and NAME the
 * certificate's first name. Directories are created {@code rwx------} and files {@code rw-------}; files are
 * written to a temporary name and renamed, so a reader never sees half a file.
 */
final class AcmeStorage {

    /** One lock per lock file in this process: a second FileChannel.lock from the same JVM would throw. */
    private static final Map<Path, ReentrantLock> processLocks = new ConcurrentHashMap<>();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path accountKey;
    private final Path certificate;
    private final Path privateKey;
    private final Path lock;

    AcmeStorage(AcmeSettings acme) {
        URI uri = URI.create(acme.directory());
        String ca = safe(uri.getHost() + (uri.getPort() > 0 ? "-" + uri.getPort() : ""));
        String name = safe(acme.names().get(0));
        Path root = acme.storage();
        this.accountKey = root.resolve("accounts").resolve(ca).resolve("account-key.pem");
        Path dir = root.resolve("certificates").resolve(ca).resolve(name);
        this.certificate = dir.resolve("certificate.pem");
        this.privateKey = dir.resolve("private-key.pem");
        this.lock = root.resolve("locks").resolve(ca + "-" + name + ".lock");
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    Path certificate() {
        return certificate;
    }

    Path privateKey() {
        return privateKey;
    }

    boolean hasCertificate() {
        return Files.isRegularFile(certificate) && Files.isRegularFile(privateKey);
    }

    /** The account key, created (EC P-256) and stored on first use: its PKCS#8 private and X.509 public key. */
    KeyPair accountKey() throws IOException {
        if (Files.isRegularFile(accountKey)) {
            String text = Files.readString(accountKey, StandardCharsets.US_ASCII);
            try {
                KeyFactory ec = KeyFactory.getInstance("EC");
                return new KeyPair(ec.generatePublic(new X509EncodedKeySpec(block(text, "PUBLIC KEY"))),
                        ec.generatePrivate(new PKCS8EncodedKeySpec(block(text, "PRIVATE KEY"))));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(accountKey + ": not an ACME account key written by Camelot (" + e.getMessage()
                        + ")", e);
            }
        }
        KeyPair key = EcKeys.p256();
        write(accountKey, pem("PRIVATE KEY", key.getPrivate().getEncoded())
                + pem("PUBLIC KEY", key.getPublic().getEncoded()));
        return key;
    }

    private static byte[] block(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END " + type + "-----");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Stores a new certificate chain (PEM) and its key; the key first, so that a reader that sees the new chain finds its key. */
    void store(String chainPem, PrivateKey key) throws IOException {
        write(privateKey, pem("PRIVATE KEY", key.getEncoded()));
        write(certificate, chainPem);
    }

    private static void write(Path file, String content) throws IOException {
        directories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp"); // rw------- on POSIX
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            ownerOnly(temporary, "rw-------");
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void directories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            directories(dir.getParent());
            Files.createDirectories(dir);
            ownerOnly(dir, "rwx------");
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    /**
     * Takes the certificate's lock, shared with every daemon using this storage directory: blocks while another
     * one holds it (it is ordering the same certificate). Released by closing the result, or when the process dies.
     */
    AutoCloseable lock() throws IOException {
        ReentrantLock inProcess = processLocks.computeIfAbsent(lock.toAbsolutePath().normalize(), p -> new ReentrantLock());
        inProcess.lock();
        try {
            directories(lock.getParent());
            FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock held = channel.lock();
                return () -> {
                    try (channel) {
                        held.release();
                    } finally {
                        inProcess.unlock();
                    }
                };
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            inProcess.unlock();
            throw e;
        }
    }
}
