package org.camelot.protocol.http.h3;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Address validation (RFC 9000 8.1): a client's first Initial packet is answered with a Retry carrying a token that
 * only this server can make, and a connection is created only for an Initial that returns it from the same address
 * within {@link #LIFETIME_SECONDS}. So a spoofed source address costs the server one small packet and never makes it
 * send more than it received.
 *
 * <p>A token is {@code HMAC-SHA256(secret; expiry, address, port, odcid) | expiry | odcid}: the original destination
 * connection id comes last because the codec takes it from the offset {@link #validateToken} returns to the end.
 * The secret is made at start-up and never leaves the process. With validation off no token is made, and a
 * token a client brings anyway is refused.
 */
final class RetryTokens implements QuicTokenHandler {

    static final int LIFETIME_SECONDS = 30;
    private static final int MAC_LENGTH = 32;
    private static final int HEADER = MAC_LENGTH + Long.BYTES;

    private final boolean retry;
    private final SecretKeySpec secret;
    private final ThreadLocal<Mac> macs;

    /** @param retry whether clients must prove their address with a Retry token */
    RetryTokens(boolean retry) {
        this(retry, newSecret());
    }

    private RetryTokens(boolean retry, SecretKeySpec secret) {
        this.retry = retry;
        this.secret = secret;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        });
    }

    private static SecretKeySpec newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
    }

    /** Tokens with the same secret, so that each validates what the other made; Retry on or off. */
    RetryTokens withRetry(boolean on) {
        return on == retry ? this : new RetryTokens(on, secret);
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        if (!retry) {
            return false;
        }
        long expiry = System.currentTimeMillis() / 1000 + LIFETIME_SECONDS;
        out.writeBytes(mac(expiry, address, dcid, dcid.readerIndex(), dcid.readableBytes()));
        out.writeLong(expiry);
        out.writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
        return true;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int length = token.readableBytes();
        if (!retry || length < HEADER || length > maxTokenLength()) {
            return -1;
        }
        int start = token.readerIndex();
        long expiry = token.getLong(start + MAC_LENGTH);
        if (expiry < System.currentTimeMillis() / 1000) {
            return -1;
        }
        byte[] expected = mac(expiry, address, token, start + HEADER, length - HEADER);
        byte[] given = new byte[MAC_LENGTH];
        token.getBytes(start, given);
        return MessageDigest.isEqual(expected, given) ? HEADER : -1;
    }

    @Override
    public int maxTokenLength() {
        return HEADER + Quic.MAX_CONN_ID_LEN;
    }

    private byte[] mac(long expiry, InetSocketAddress address, ByteBuf id, int from, int length) {
        Mac mac = macs.get();
        for (int i = 56; i >= 0; i -= 8) {
            mac.update((byte) (expiry >>> i));
        }
        mac.update(address.getAddress().getAddress());
        mac.update((byte) (address.getPort() >>> 8));
        mac.update((byte) address.getPort());
        byte[] odcid = new byte[length];
        id.getBytes(from, odcid);
        mac.update(odcid);
        return mac.doFinal();
    }
}
