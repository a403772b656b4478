package org.camelot.server.tls;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.CertificateFiles;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigProblem;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.config.SniMode;
import org.camelot.server.config.TlsSettings;
import org.camelot.server.tls.acme.AcmeCertificates;

/**
 * The certificates a TLS listener serves, each in a slot: one per configured pair of files, then one for ACME. A
 * slot can be replaced while the listener runs (the files changed, ACME renewed); new handshakes see the new set at
 * once, open connections keep what they negotiated.
 *
 * <p>The PEM files are read once, here; the Netty context of every certificate and the JDK context of the blocking
 * models are both built from what was read.
 */
public final class ListenerCertificates {

    private final String listener;
    private final TlsSettings settings;
    private final String path;
    private final ServedCertificate[] slots;
    private final List<String> alpn;
    private final List<X509Certificate> trust;
    private volatile CertificateSet current;
    private final List<Runnable> observers = new CopyOnWriteArrayList<>();
    private ServedCertificate jdkFor;
    private SSLContext jdk;

    private ListenerCertificates(String listener, TlsSettings settings, String path, ServedCertificate[] slots,
                                 List<String> alpn, List<X509Certificate> trust) {
        this.listener = listener;
        this.alpn = List.copyOf(alpn);
        this.trust = List.copyOf(trust);
        this.settings = settings;
        this.path = path;
        this.slots = slots;
        this.current = new CertificateSet(List.of(slots));
    }

    /**
     * Reads and checks the certificates of every TLS listener of a configuration, as a generation of listeners
     * starts (at start-up, at a reload, and for {@code --check}). The JDK context of a listener under a blocking
     * model is built too, so that what it refuses is found here rather than when the listener binds.
     *
     * @return by listener name, for the TLS listeners only
     * @throws ConfigException naming the file, key path, value and what was expected, for every listener at once
     */
    public static Map<String, ListenerCertificates> loadAll(CamelotConfig config) throws ConfigException {
        Map<String, ListenerCertificates> out = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            if (!l.isTls()) {
                continue;
            }
            try {
                ListenerCertificates c = load(l.name(), l.tls(), l.tlsPath(), applicationProtocols(l));
                if (l.concurrency().model() != ConcurrencyModel.EVENT_LOOP && !l.tls().certificates().isEmpty()) {
                    c.jdkContext();
                }
                out.put(l.name(), c);
            } catch (InvalidSettingException e) {
                problems.add(ConfigProblem.of(e));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(config.file().toString(), problems);
        }
        return out;
    }

    private static List<String> applicationProtocols(ListenerConfig l) {
        return alpn(l.provider(), l.settings());
    }

    private static <S> List<String> alpn(ProtocolProvider<S> provider, Object settings) {
        return provider.applicationProtocols(provider.settingsType().cast(settings));
    }

    /**
     * Reads and checks every certificate of a TLS block: each key matches its certificate, none has expired, no
     * name is served by two of them. The ACME slot holds the stored certificate, or a temporary self-signed one.
     *
     * @param path the key path of the block ({@code tls} or {@code listeners.NAME.tls}), for errors
     * @param alpn the protocols the listener offers by ALPN, most preferred first, or none
     * @throws InvalidSettingException naming the file, key and problem
     */
    public static ListenerCertificates load(String listener, TlsSettings settings, String path, List<String> alpn) {
        List<X509Certificate> trust = settings.trust() == null ? List.of()
                : PemFiles.certificates(settings.trust(), path + ".trust");
        List<CertificateFiles> files = settings.certificates();
        ServedCertificate[] slots = new ServedCertificate[files.size() + (settings.acme() == null ? 0 : 1)];
        for (int i = 0; i < files.size(); i++) {
            String key = settings.filesKey(path, i);
            slots[i] = CertificateLoader.load(files.get(i), settings, key, alpn, trust);
            String clash = clash(slots, i, slots[i]);
            if (clash != null) {
                throw new InvalidSettingException(key + ".certificate", files.get(i).certificate().toString(), clash);
            }
        }
        if (settings.acme() != null) {
            slots[files.size()] = AcmeCertificates.initial(settings, path, alpn, trust);
        }
        return new ListenerCertificates(listener, settings, path, slots, alpn, trust);
    }

    /** The CA certificates client certificates must chain to ({@code trust}), or none. */
    public List<X509Certificate> trust() {
        return trust;
    }

    /**
     * The JDK's TLS context for the blocking models, which serve the default certificate (they do not choose by
     * server name): built from the chain and key read for it, again only when that certificate was replaced.
     *
     * @throws InvalidSettingException when the JDK's TLS refuses the certificate or key
     */
    public synchronized SSLContext jdkContext() {
        ServedCertificate c = slots[0];
        if (jdkFor != c) {
            jdk = JdkTlsContexts.build(c.chain(), c.key(), trust, settings.filesKey(path, 0), c.origin());
            jdkFor = c;
        }
        return jdk;
    }

    /** The protocols the listener offers by ALPN, for every context built for it. */
    public List<String> alpn() {
        return alpn;
    }

    /** What is wrong with serving {@code candidate} in slot {@code index} beside the others, or {@code null}. */
    private static String clash(ServedCertificate[] slots, int index, ServedCertificate candidate) {
        for (int j = 0; j < slots.length; j++) {
            if (j == index || slots[j] == null) {
                continue;
            }
            for (String name : candidate.names()) {
                if (slots[j].names().contains(name)) {
                    return "a certificate whose names are not served by another certificate of the listener ("
                            + name + " is also in " + slots[j].origin() + ")";
                }
            }
        }
        return null;
    }

    public String listener() {
        return listener;
    }

    public TlsSettings settings() {
        return settings;
    }

    /** The key path of the TLS block. */
    public String path() {
        return path;
    }

    /** The certificates served now, the default first. */
    public CertificateSet current() {
        return current;
    }

    /** The slot of the ACME certificate, or -1. */
    public int acmeSlot() {
        return settings.acme() == null ? -1 : slots.length - 1;
    }

    /** The certificate in a slot now. */
    public synchronized ServedCertificate slot(int index) {
        return slots[index];
    }

    /**
     * Serves {@code next} in place of the slot's certificate for new handshakes.
     *
     * @throws IllegalArgumentException when another slot already serves one of its names
     */
    public synchronized void replace(int index, ServedCertificate next) {
        String clash = clash(slots, index, next);
        if (clash != null) {
            throw new IllegalArgumentException("expected " + clash);
        }
        slots[index] = next;
        current = new CertificateSet(List.of(slots));
        observers.forEach(Runnable::run);
    }

    /** Runs {@code observer} after every replacement (metrics, logs). */
    public void observe(Runnable observer) {
        observers.add(observer);
    }

    /** The files of every slot that has files, by slot. */
    public List<CertificateFiles> files() {
        return new ArrayList<>(settings.certificates());
    }

    /**
     * The context for a ClientHello's server name: the certificate that covers it, else the default one, or
     * {@code null} when the name is unknown and {@code sni: strict}.
     */
    SslContext select(String serverName) {
        CertificateSet set = current;
        ServedCertificate c = set.find(serverName);
        if (c == null && (serverName == null || settings.sni() != SniMode.STRICT)) {
            c = set.fallback();
        }
        return c == null ? null : c.context();
    }

    /** A handler that picks the certificate from the client's hello and becomes the connection's TLS handler. */
    public ChannelHandler newHandler() {
        return new CertificateSelector(this);
    }
}
