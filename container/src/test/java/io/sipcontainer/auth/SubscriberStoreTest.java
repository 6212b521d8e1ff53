package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.db.Database;

/** The subscriber table on a real (in-memory) H2 database. */
class SubscriberStoreTest {
    private final Database db = Database.inMemory("subscribers-" + UUID.randomUUID());
    private final SubscriberStore store = new SubscriberStore(db, false);

    SubscriberStoreTest() throws Exception {
        store.migrate();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void addedSubscriberIsShownAndListedWithoutSecrets() throws Exception {
        SubscriberStore.Subscriber alice = store.add("alice", "example.com", "s3cret").orElseThrow();
        assertEquals("alice", alice.username());
        assertEquals("example.com", alice.domain());
        assertTrue(alice.id() > 0);
        assertEquals(alice, store.get("alice", "example.com").orElseThrow());
        store.add("bob", "other.org", "pw").orElseThrow();
        assertEquals(List.of("alice", "bob"), store.list(null).stream().map(SubscriberStore.Subscriber::username).toList());
        assertEquals(List.of("bob"), store.list("other.org").stream().map(SubscriberStore.Subscriber::username).toList());
    }

    @Test
    void hashesAreKamailiosWithTheDomainAsRealmAndThePasswordIsNotKeptByDefault() throws Exception {
        store.add("alice", "Example.COM", "s3cret");
        SubscriberStore.Secrets s = store.secrets("alice", "example.com", true).orElseThrow();
        assertEquals("example.com", s.domain(), "domains are kept in lower case");
        assertEquals("", s.password());
        assertEquals(DigestAlgorithm.MD5.hash("alice:example.com:s3cret"), s.ha1());
        assertEquals(DigestAlgorithm.MD5.hash("alice@example.com:example.com:s3cret"), s.ha1b());
        assertEquals(DigestAlgorithm.SHA_256.hash("alice:example.com:s3cret"), s.ha1Sha256());
        assertEquals(DigestAlgorithm.SHA_256.hash("alice@example.com:example.com:s3cret"), s.ha1bSha256());
    }

    @Test
    void plaintextIsKeptWhenHa1IsCalculated() throws Exception {
        SubscriberStore plaintext = new SubscriberStore(db, true);
        plaintext.add("carol", "example.com", "pass word: with colon");
        assertEquals("pass word: with colon", plaintext.secrets("carol", "example.com", true).orElseThrow().password());
    }

    @Test
    void duplicateAccountIsRefusedButTheSameUserInAnotherDomainIsNot() throws Exception {
        assertTrue(store.add("alice", "example.com", "a").isPresent());
        assertTrue(store.add("alice", "EXAMPLE.com", "b").isEmpty());
        assertTrue(store.add("alice", "other.org", "c").isPresent());
    }

    @Test
    void passwordChangeUpdatesEveryHash() throws Exception {
        store.add("alice", "example.com", "old");
        assertTrue(store.changePassword("alice", "example.com", "new"));
        SubscriberStore.Secrets s = store.secrets("alice", "example.com", true).orElseThrow();
        assertEquals(DigestAlgorithm.MD5.hash("alice:example.com:new"), s.ha1());
        assertEquals(DigestAlgorithm.SHA_256.hash("alice@example.com:example.com:new"), s.ha1bSha256());
        assertFalse(store.changePassword("nobody", "example.com", "x"));
    }

    @Test
    void removedSubscriberIsGone() throws Exception {
        store.add("alice", "example.com", "a");
        assertTrue(store.remove("alice", "example.com"));
        assertTrue(store.get("alice", "example.com").isEmpty());
        assertFalse(store.remove("alice", "example.com"));
    }

    @Test
    void lookupWithoutDomainPrefersTheRealmsRow() throws Exception {
        store.add("alice", "a.org", "1");
        store.add("alice", "b.org", "2");
        assertEquals("b.org", store.secrets("alice", "b.org", false).orElseThrow().domain());
        assertEquals("a.org", store.secrets("alice", "c.org", false).orElseThrow().domain(), "else the oldest");
        assertTrue(store.secrets("alice", "c.org", true).isEmpty(), "use_domain needs the exact domain");
    }

    @Test
    void valuesAreBoundNotSpliced() throws Exception {
        store.add("o'brien", "example.com", "x' OR '1'='1");
        assertEquals("o'brien", store.get("o'brien", "example.com").orElseThrow().username());
        assertTrue(store.get("x' OR '1'='1", "example.com").isEmpty());
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> store.add("", "example.com", "x"));
        assertThrows(IllegalArgumentException.class, () -> store.add("a b", "example.com", "x"));
        assertThrows(IllegalArgumentException.class, () -> store.add("a", "example.com", ""));
        assertThrows(IllegalArgumentException.class, () -> store.add("a", "x".repeat(65), "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.add("a", "example.com", "p".repeat(65)));
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void migratingAgainChangesNothing() throws Exception {
        store.add("alice", "example.com", "a");
        store.migrate();
        assertTrue(store.get("alice", "example.com").isPresent());
    }
}
