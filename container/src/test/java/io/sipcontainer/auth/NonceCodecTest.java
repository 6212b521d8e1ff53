package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Signed, self-contained nonces: validity, expiry, forgery, sharing between nodes. */
class NonceCodecTest {
    private static final byte[] SECRET = "a cluster-wide secret".getBytes(StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_700_000_000L);
    private final NonceCodec codec = new NonceCodec(SECRET, 300, 3, now::get);

    @Test
    void freshNonceIsValidAndUrlSafe() {
        String nonce = codec.issue();
        assertEquals(NonceCodec.LENGTH, nonce.length());
        assertTrue(nonce.matches("[A-Za-z0-9_-]+"), nonce);
        assertEquals(NonceCodec.Status.VALID, codec.check(nonce));
        assertEquals(now.get() + 300, NonceCodec.expiresAt(nonce));
    }

    @Test
    void eachNonceIsDifferent() {
        assertTrue(!codec.issue().equals(codec.issue()));
    }

    @Test
    void nonceIsStaleOnceExpired() {
        String nonce = codec.issue();
        now.addAndGet(300);
        assertEquals(NonceCodec.Status.VALID, codec.check(nonce), "valid up to its expiry second");
        now.incrementAndGet();
        assertEquals(NonceCodec.Status.STALE, codec.check(nonce));
    }

    @Test
    void nonceFromAnotherNodeWithTheSameSecretIsAccepted() {
        NonceCodec otherNode = new NonceCodec(SECRET.clone(), 300, 3, now::get);
        assertEquals(NonceCodec.Status.VALID, codec.check(otherNode.issue()));
    }

    @Test
    void nonceSignedWithAnotherSecretIsInvalid() {
        NonceCodec stranger = new NonceCodec("another secret!!".getBytes(StandardCharsets.UTF_8), 300, 3, now::get);
        assertEquals(NonceCodec.Status.INVALID, codec.check(stranger.issue()));
    }

    @Test
    void alteredNonceIsInvalid() {
        String nonce = codec.issue();
        for (int i = 0; i < nonce.length(); i++) {
            char replacement = nonce.charAt(i) == 'A' ? 'B' : 'A';
            String altered = nonce.substring(0, i) + replacement + nonce.substring(i + 1);
            assertEquals(NonceCodec.Status.INVALID, codec.check(altered), "changed at " + i);
        }
        assertEquals(NonceCodec.Status.INVALID, codec.check(nonce + "A"));
        assertEquals(NonceCodec.Status.INVALID, codec.check(nonce.substring(1)));
        assertEquals(NonceCodec.Status.INVALID, codec.check("!" + nonce.substring(1)));
        assertEquals(NonceCodec.Status.INVALID, codec.check(null));
    }

    @Test
    void nonceIssuedInTheFutureIsAcceptedWithinTheDriftOnly() {
        AtomicLong ahead = new AtomicLong(now.get() + 3);
        NonceCodec fastClockNode = new NonceCodec(SECRET, 300, 3, ahead::get);
        assertEquals(NonceCodec.Status.VALID, codec.check(fastClockNode.issue()));
        ahead.incrementAndGet();
        assertEquals(NonceCodec.Status.STALE, codec.check(fastClockNode.issue()));
    }
}
