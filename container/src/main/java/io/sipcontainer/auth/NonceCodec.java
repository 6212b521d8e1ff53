package io.sipcontainer.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless digest nonces, like Kamailio's: everything needed to check a nonce is inside it, so no
 * table of issued nonces is kept and every node holding the same secret accepts the others'
 * nonces (and a restarted node its own, when the secret is kept). A nonce is the URL-safe base64
 * (43 characters, no padding) of: issue time and expiry time (seconds, 4 bytes each), 8 random
 * bytes, and the first 16 bytes of HMAC-SHA256(secret, the 16 bytes before). A nonce whose MAC is
 * wrong is invalid; one whose expiry has passed, or issued further in the future than the allowed
 * clock drift between nodes, is stale.
 */
public final class NonceCodec {
    /** The length of every nonce this codec issues. */
    public static final int LENGTH = 43;

    private static final int BODY = 16;
    private static final int MAC = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The outcome of {@link #check}. */
    public enum Status {
        VALID, STALE, INVALID
    }

    private final ThreadLocal<Mac> mac;
    private final int expireSeconds;
    private final int maxDriftSeconds;
    private final LongSupplier clockSeconds;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param secret the HMAC key, shared by the nodes of a cluster
     * @param expireSeconds how long a nonce is valid (Kamailio's {@code nonce_expire})
     * @param maxDriftSeconds how far in the future a nonce may have been issued, for clocks of
     *        cluster nodes that differ ({@code nonce_auth_max_drift})
     * @param clockSeconds the current time in seconds since the epoch
     */
    public NonceCodec(byte[] secret, int expireSeconds, int maxDriftSeconds, LongSupplier clockSeconds) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("empty secret");
        }
        byte[] key = secret.clone();
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
            }
        });
        this.expireSeconds = expireSeconds;
        this.maxDriftSeconds = maxDriftSeconds;
        this.clockSeconds = clockSeconds;
    }

    /** A new nonce, valid from now for the configured time. */
    public String issue() {
        long now = clockSeconds.getAsLong();
        byte[] raw = new byte[BODY + MAC];
        ByteBuffer b = ByteBuffer.wrap(raw);
        b.putInt((int) now).putInt((int) (now + expireSeconds));
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        b.put(salt);
        System.arraycopy(sign(raw), 0, raw, BODY, MAC);
        return ENCODER.encodeToString(raw);
    }

    /** Whether {@code nonce} was issued with this secret, and whether it is still fresh. */
    public Status check(String nonce) {
        byte[] raw = decode(nonce);
        if (raw == null || !MessageDigest.isEqual(sign(raw), Arrays.copyOfRange(raw, BODY, BODY + MAC))) {
            return Status.INVALID;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        long issued = Integer.toUnsignedLong(b.getInt());
        long expires = Integer.toUnsignedLong(b.getInt());
        long now = clockSeconds.getAsLong();
        if (now > expires || issued > now + maxDriftSeconds) {
            return Status.STALE;
        }
        return Status.VALID;
    }

    /** The expiry time (epoch seconds) written in a nonce {@link #check} found valid. */
    public static long expiresAt(String nonce) {
        byte[] raw = decode(nonce);
        return raw == null ? 0 : Integer.toUnsignedLong(ByteBuffer.wrap(raw, 4, 4).getInt());
    }

    private byte[] sign(byte[] raw) {
        Mac m = mac.get();
        m.update(raw, 0, BODY);
        return Arrays.copyOf(m.doFinal(), MAC);
    }

    private static byte[] decode(String nonce) {
        if (nonce == null || nonce.length() != LENGTH) {
            return null;
        }
        try {
            byte[] raw = DECODER.decode(nonce);
            // base64 leaves 2 unused bits in the last character: only the canonical spelling is
            // accepted, so one nonce cannot pass for another (nonce-count tracking is by string)
            return ENCODER.encodeToString(raw).equals(nonce) ? raw : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
