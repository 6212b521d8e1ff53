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
}
