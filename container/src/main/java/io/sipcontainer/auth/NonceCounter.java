package io.sipcontainer.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay protection by nonce-count ({@code auth.nonce_count}, RFC 2617 3.2.2): for each nonce, the
 * highest {@code nc} accepted so far on this node; a response whose nc is not higher is a replay.
 * Entries live until their nonce expires ({@link #purge} runs periodically). The table is bounded:
 * when it is full of unexpired nonces, new nonces are accepted untracked (logged once) rather than
 * refusing every client, so a flood of nonces cannot lock users out. Nodes of a cluster do not
 * share this table, so a response replayed to another node is not detected.
 */
final class NonceCounter {
    private static final Logger LOG = LoggerFactory.getLogger(NonceCounter.class);

    private record Entry(long expires, AtomicLong highest) {
    }

    private final ConcurrentHashMap<String, Entry> seen = new ConcurrentHashMap<>();
    private final int capacity;
    private final LongSupplier clockSeconds;
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    NonceCounter(int capacity, LongSupplier clockSeconds) {
        this.capacity = capacity;
        this.clockSeconds = clockSeconds;
    }

    /** Records {@code nc} for {@code nonce} if it is higher than any before; false for a replay. */
    boolean accept(String nonce, long expires, long nc) {
        Entry entry = seen.get(nonce);
        if (entry == null) {
            if (seen.size() >= capacity) {
                purge();
                if (seen.size() >= capacity) {
                    if (warnedFull.compareAndSet(false, true)) {
                        LOG.warn("auth: nonce-count table full ({} nonces); new nonces are not tracked until "
                                + "some expire", capacity);
                    }
                    return true;
                }
            }
            entry = seen.computeIfAbsent(nonce, k -> new Entry(expires, new AtomicLong()));
        }
        AtomicLong highest = entry.highest();
        while (true) {
            long last = highest.get();
            if (nc <= last) {
                return false;
            }
            if (highest.compareAndSet(last, nc)) {
                return true;
            }
        }
    }

    /** Forgets the nonces that have expired: a stale nonce is refused before its count is looked at. */
    void purge() {
        long now = clockSeconds.getAsLong();
        seen.values().removeIf(e -> e.expires() < now);
        if (seen.size() < capacity) {
            warnedFull.set(false);
        }
    }

    int size() {
        return seen.size();
    }
}
