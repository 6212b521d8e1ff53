package io.sipcontainer.auth;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
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
 * refusing every client, so a flood of nonces cannot lock users out. In a cluster the table is a
 * cluster map ({@link #shared}), so a response replayed to another node is refused too.
 */
final class NonceCounter {
    private static final Logger LOG = LoggerFactory.getLogger(NonceCounter.class);

    private record Entry(long expires, AtomicLong highest) {
    }

    private final ConcurrentHashMap<String, Entry> seen = new ConcurrentHashMap<>();
    private final int capacity;
    private final LongSupplier clockSeconds;
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    /** nonce -> "expires:highest nc", when the cluster shares the table; null on a node alone. */
    private final ConcurrentMap<String, String> shared;
    private final Function<ConcurrentMap<String, String>, Set<String>> localKeys;

    NonceCounter(int capacity, LongSupplier clockSeconds) {
        this(capacity, clockSeconds, null, null);
    }

    private NonceCounter(int capacity, LongSupplier clockSeconds, ConcurrentMap<String, String> shared,
            Function<ConcurrentMap<String, String>, Set<String>> localKeys) {
        this.capacity = capacity;
        this.clockSeconds = clockSeconds;
        this.shared = shared;
        this.localKeys = localKeys;
    }

    /** A counter whose table every node of the cluster shares. */
    static NonceCounter shared(LongSupplier clockSeconds, ConcurrentMap<String, String> table,
            Function<ConcurrentMap<String, String>, Set<String>> localKeys) {
        return new NonceCounter(Integer.MAX_VALUE, clockSeconds, table, localKeys);
    }

    /** Records {@code nc} for {@code nonce} if it is higher than any before; false for a replay. */
    boolean accept(String nonce, long expires, long nc) {
        if (shared != null) {
            return acceptShared(nonce, expires, nc);
        }
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

    private boolean acceptShared(String nonce, long expires, long nc) {
        String next = expires + ":" + nc;
        while (true) {
            String last = shared.get(nonce);
            if (last == null) {
                if (shared.putIfAbsent(nonce, next) == null) {
                    return true;
                }
                continue;
            }
            if (nc <= Long.parseLong(last.substring(last.indexOf(':') + 1))) {
                return false;
            }
            if (shared.replace(nonce, last, next)) {
                return true;
            }
        }
    }

    /** Forgets the nonces that have expired: a stale nonce is refused before its count is looked at. */
    void purge() {
        long now = clockSeconds.getAsLong();
        if (shared != null) {
            for (String nonce : List.copyOf(localKeys.apply(shared))) {
                String value = shared.get(nonce);
                if (value != null && Long.parseLong(value.substring(0, value.indexOf(':'))) < now) {
                    shared.remove(nonce, value);
                }
            }
            return;
        }
        seen.values().removeIf(e -> e.expires() < now);
        if (seen.size() < capacity) {
            warnedFull.set(false);
        }
    }

    int size() {
        return shared != null ? shared.size() : seen.size();
    }
}
