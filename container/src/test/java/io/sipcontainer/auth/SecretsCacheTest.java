package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.auth.SubscriberStore.Secrets;
import io.sipcontainer.db.Database;

/** auth_db.cache_ttl: secrets kept for their TTL, forgotten at once on any change through the store. */
class SecretsCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final SecretsCache cache = new SecretsCache(60, now::get);
    private final AtomicInteger reads = new AtomicInteger();
    private final Database db = Database.inMemory("secrets-" + UUID.randomUUID());

    @AfterEach
    void close() {
        db.close();
    }

    private Optional<Secrets> lookup(String key, String ha1) throws Exception {
        return cache.get(key, () -> {
            reads.incrementAndGet();
            return Optional.of(new Secrets("example.com", "", ha1, "", "", ""));
        });
    }

    @Test
    void aSecretIsReadOnceWithinItsTtlThenAgain() throws Exception {
        assertEquals("h1", lookup("alice", "h1").orElseThrow().ha1());
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertEquals("h1", lookup("alice", "h2").orElseThrow().ha1(), "kept");
        assertEquals(1, reads.get());
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals("h2", lookup("alice", "h2").orElseThrow().ha1(), "read again after 60 s");
        assertEquals(2, reads.get());
    }

    @Test
    void unknownUsersAreRememberedToo() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertTrue(cache.get("nobody", () -> {
                reads.incrementAndGet();
                return Optional.empty();
            }).isEmpty());
        }
        assertEquals(1, reads.get(), "a scan of usernames does not reach the database each time");
    }

    @Test
    void aChangeWhileTheDatabaseIsReadIsNotOverwrittenByWhatWasRead() throws Exception {
        Optional<Secrets> stale = cache.get("alice", () -> {
            cache.changed(); // the password changed after this lookup read the row
            return Optional.of(new Secrets("example.com", "", "old", "", "", ""));
        });
        assertEquals("old", stale.orElseThrow().ha1(), "this lookup answers with what it read");
        assertEquals("new", lookup("alice", "new").orElseThrow().ha1(), "the next one reads again");
    }

    @Test
    void theStoreForgetsCachedSecretsWhenASubscriberChanges() throws Exception {
        SubscriberStore store = new SubscriberStore(db, false, 3600);
        store.migrate();
        assertTrue(store.secrets("alice", "example.com", true).isEmpty());
        store.add("alice", "example.com", "one");
        assertEquals(DigestAlgorithm.MD5.hash("alice:example.com:one"),
                store.secrets("alice", "example.com", true).orElseThrow().ha1(), "added: known at once");
        store.changePassword("alice", "example.com", "two");
        assertEquals(DigestAlgorithm.MD5.hash("alice:example.com:two"),
                store.secrets("alice", "example.com", false).orElseThrow().ha1());
        assertEquals(DigestAlgorithm.MD5.hash("alice:example.com:two"),
                store.secrets("alice", "example.com", true).orElseThrow().ha1(), "new password at once");
        store.remove("alice", "example.com");
        assertTrue(store.secrets("alice", "example.com", true).isEmpty(), "removed: refused at once");
    }

    @Test
    void aChangeMadeOutsideTheStoreIsSeenOnceTheTtlRunsOutAndNotBefore() throws Exception {
        SubscriberStore cached = new SubscriberStore(db, false, 3600);
        cached.migrate();
        cached.add("alice", "example.com", "one");
        assertTrue(cached.secrets("alice", "example.com", true).isPresent());
        try (var c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM subscriber"); // another program, behind the store's back
        }
        assertTrue(cached.secrets("alice", "example.com", true).isPresent(), "within the TTL: the cached row");
        SubscriberStore uncached = new SubscriberStore(db, false, 0);
        assertTrue(uncached.secrets("alice", "example.com", true).isEmpty(), "cache_ttl 0 asks the database");
    }
}
