package io.sipcontainer.auth;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.sipcontainer.auth.SubscriberStore.Secrets;

/**
 * The subscribers' secrets looked up lately, each kept {@code auth_db.cache_ttl} seconds: a REGISTER
 * with digest cost an H2 query (with its statement preparation) that was about 16% of the server's
 * CPU at 500 registrations/s. Every change made through {@link SubscriberStore} (the
 * {@code subscriber.*} commands, the console, sipctl) empties the cache before it returns; a change
 * made to the table by other means (another program on a database server named by {@code db.url})
 * is seen within the TTL. Unknown users are remembered as well, so a scan of usernames does not
 * reach the database for each guess; at {@link #CAPACITY} entries the cache starts afresh.
 */
final class SecretsCache {
    static final int CAPACITY = 100_000;

    /** Reads the database. */
    @FunctionalInterface
    interface Lookup {
        Optional<Secrets> find() throws java.sql.SQLException;
    }

    private record Entry(Optional<Secrets> secrets, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Bumped by every change: a lookup that read the database before it does not keep what it read. */
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    SecretsCache(int ttlSeconds, LongSupplier nanoClock) {
        this.ttlNanos = TimeUnit.SECONDS.toNanos(ttlSeconds);
        this.nanoClock = nanoClock;
    }

    Optional<Secrets> get(String key, Lookup lookup) throws java.sql.SQLException {
        long now = nanoClock.getAsLong();
        Entry e = entries.get(key);
        if (e != null && now - e.expiresAt() < 0) {
            return e.secrets();
        }
        long before = generation.get();
        Optional<Secrets> found = lookup.find();
        if (entries.size() >= CAPACITY) {
            entries.clear();
        }
        if (generation.get() == before) {
            entries.put(key, new Entry(found, now + ttlNanos));
            if (generation.get() != before) {
                entries.remove(key); // a change came while we stored it
            }
        }
        return found;
    }

    /** A subscriber was added, removed or given another password: nothing kept may be used again. */
    void changed() {
        generation.incrementAndGet();
        entries.clear();
    }
}
