package org.camelot.server.tls.acme;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.camelot.server.config.AcmeChallenge;
import org.camelot.server.config.AcmeSettings;
import org.camelot.server.tls.PemFiles;
import org.camelot.server.tls.ServerTlsContexts;
import org.camelot.protocol.http.AcmeChallengeRoute;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders one certificate with acme4j, blocking: finds or creates the account, answers each authorization's
 * challenge ({@code http-01} through the HTTP listeners' challenge route, {@code tls-alpn-01} through the TLS
 * listeners' selector), finalizes with a new EC P-256 key and downloads the chain. Runs on the ACME thread.
 */
final class AcmeOrder {

    private static final Logger log = LoggerFactory.getLogger("camelot.acme");
    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(2);

    record Issued(String chainPem, List<X509Certificate> chain, KeyPair key) {
    }

    private AcmeOrder() {
    }

    static Issued run(AcmeSettings acme, AcmeStorage storage)
            throws AcmeException, IOException, InterruptedException {
        Session session = new Session(URI.create(acme.directory()), provider(acme));
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(storage.accountKey());
        if (acme.contact() != null) {
            builder.addContact(acme.contact());
        }
        Account account = builder.create(session); // finds the existing account of this key, or creates it
        Order order = account.newOrder().domains(acme.names()).create();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() != Status.VALID) {
                authorize(acme, authorization);
            }
        }
        order.waitUntilReady(VALIDATION_TIMEOUT);
        KeyPair domainKey = EcKeys.p256();
        order.execute(domainKey);
        Status status = order.waitForCompletion(VALIDATION_TIMEOUT);
        if (status != Status.VALID) {
            throw new AcmeException("order " + order.getLocation() + " ended " + status
                    + order.getError().map(p -> ": " + p).orElse(""));
        }
        var certificate = order.getCertificate();
        StringWriter pem = new StringWriter();
        certificate.writeCertificate(pem);
        return new Issued(pem.toString(), new ArrayList<>(certificate.getCertificateChain()), domainKey);
    }

    private static void authorize(AcmeSettings acme, Authorization authorization)
            throws AcmeException, InterruptedException {
        String name = authorization.getIdentifier().getDomain();
        Challenge challenge;
        Runnable withdraw;
        if (acme.challenge() == AcmeChallenge.HTTP_01) {
            Http01Challenge http = authorization.findChallenge(Http01Challenge.class).orElseThrow(() ->
                    new AcmeException("the CA offers no http-01 challenge for " + name));
            AcmeChallengeRoute.publish(http.getToken(), http.getAuthorization());
            withdraw = () -> AcmeChallengeRoute.withdraw(http.getToken());
            challenge = http;
        } else {
            TlsAlpn01Challenge alpn = authorization.findChallenge(TlsAlpn01Challenge.class).orElseThrow(() ->
                    new AcmeException("the CA offers no tls-alpn-01 challenge for " + name));
            TlsAlpnChallenges.publish(name, challengeContext(alpn, authorization));
            withdraw = () -> TlsAlpnChallenges.withdraw(name);
            challenge = alpn;
        }
        try {
            log.info("ACME: answering the {} challenge for {}", challenge.getType(), name);
            challenge.trigger();
            Status status = challenge.waitForCompletion(VALIDATION_TIMEOUT);
            if (status != Status.VALID) {
                throw new AcmeException("the " + challenge.getType() + " challenge for " + name + " failed"
                        + challenge.getError().map(p -> ": " + p).orElse(""));
            }
        } finally {
            withdraw.run();
        }
    }

    private static SslContext challengeContext(TlsAlpn01Challenge challenge, Authorization authorization)
            throws AcmeException {
        KeyPair key = EcKeys.rsa2048(); // acme4j signs the challenge certificate with SHA256withRSA
        X509Certificate certificate = challenge.createCertificate(key, authorization.getIdentifier());
        try {
            return SslContextBuilder.forServer(key.getPrivate(), certificate)
                    .sslProvider(ServerTlsContexts.provider())
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                            io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                            io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            TlsAlpnChallenges.PROTOCOL))
                    .build();
        } catch (SSLException e) {
            throw new AcmeException("cannot serve the tls-alpn-01 certificate: " + e.getMessage());
        }
    }

    /** The generic provider, whose HTTP client trusts {@code ca-file} when one is set (a private ACME server). */
    private static GenericAcmeProvider provider(AcmeSettings acme) {
        if (acme.caFile() == null) {
            return new GenericAcmeProvider();
        }
        SSLContext trust = trusting(acme);
        return new GenericAcmeProvider() {
            @Override
            protected HttpConnector createHttpConnector(NetworkSettings settings) {
                return new HttpConnector(settings) {
                    @Override
                    public HttpClient.Builder createClientBuilder() {
                        return super.createClientBuilder().sslContext(trust);
                    }
                };
            }
        };
    }

    private static SSLContext trusting(AcmeSettings acme) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : PemFiles.certificates(acme.caFile(), "acme.ca-file")) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + acme.caFile() + ": " + e.getMessage(), e);
        }
    }
}
