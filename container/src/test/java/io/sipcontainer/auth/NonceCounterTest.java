package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** nonce-count replay detection. */
class NonceCounterTest {
    private final AtomicLong now = new AtomicLong(1000);

    @Test
    void countMustIncreaseForEachNonce() {
        NonceCounter counter = new NonceCounter(10, now::get);
        assertTrue(counter.accept("n1", 1300, 1));
        assertFalse(counter.accept("n1", 1300, 1), "same nc replayed");
        assertTrue(counter.accept("n1", 1300, 3), "gaps are allowed");
        assertFalse(counter.accept("n1", 1300, 2), "lower nc");
        assertTrue(counter.accept("n2", 1300, 1), "counts are per nonce");
    }

    @Test
    void expiredNoncesArePurged() {
        NonceCounter counter = new NonceCounter(10, now::get);
        counter.accept("old", 1100, 1);
        counter.accept("new", 1400, 1);
        now.set(1200);
        counter.purge();
        assertEquals(1, counter.size());
        assertFalse(counter.accept("new", 1400, 1));
    }

    @Test
    void fullTableAcceptsNewNoncesUntracked() {
        NonceCounter counter = new NonceCounter(2, now::get);
        counter.accept("a", 2000, 1);
        counter.accept("b", 2000, 1);
        assertTrue(counter.accept("c", 2000, 1));
        assertTrue(counter.accept("c", 2000, 1), "not tracked while full");
        assertEquals(2, counter.size());
        assertFalse(counter.accept("a", 2000, 1), "tracked nonces stay protected");
    }

    @Test
    void aSharedCountRefusesOnOneNodeTheReplayOfWhatAnotherAccepted() {
        try (io.sipcontainer.cluster.TwoMembers two = new io.sipcontainer.cluster.TwoMembers()) {
            NonceCounter a = NonceCounter.shared(now::get, two.first.map("auth.nonce-count"), two.first::localKeys);
            NonceCounter b = NonceCounter.shared(now::get, two.second.map("auth.nonce-count"), two.second::localKeys);
            assertTrue(a.accept("n1", 1300, 1));
            assertFalse(b.accept("n1", 1300, 1), "replayed to the other node");
            assertTrue(b.accept("n1", 1300, 2));
            assertFalse(a.accept("n1", 1300, 2));
            assertTrue(a.accept("n2", 1100, 1));
            now.set(1200);
            a.purge();
            b.purge();
            assertEquals(1, a.size(), "the expired nonce is forgotten by the node owning it");
        }
    }
}
