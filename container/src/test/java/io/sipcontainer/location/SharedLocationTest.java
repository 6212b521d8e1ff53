package io.sipcontainer.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipcontainer.cluster.TwoMembers;
import io.sipcontainer.service.Contact;

/** The location table shared by two Hazelcast members, as two nodes of a cluster use it. */
class SharedLocationTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    /** The binding count is a counter every node adds to, read as each node last heard of it. */
    private static void awaitCount(long expected, java.util.function.LongSupplier count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        long seen;
        while ((seen = count.getAsLong()) != expected) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, seen, "the binding count after 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    private static Contact contact(String aor, String uri, long expires) {
        return MemoryLocationServiceTest.contact(aor, uri, 1.0f, expires);
    }

    @Test
    void aContactSavedOnOneNodeIsFoundOnTheOtherWithAllItsFields() {
        try (TwoMembers two = new TwoMembers()) {
            MemoryLocationService a = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(two.first, "usrloc.location"));
            MemoryLocationService b = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(two.second, "usrloc.location"));
            Contact c = new Contact("alice", "sip:alice@10.0.0.1:5060", 0.5f, clock.get() + 60_000, "cid", 7,
                    "sip:1.2.3.4:5070", List.of("<sip:p1;lr>"), "udp:127.0.0.1:5060", "phone", "<urn:uuid:1>", 1, 5, 2,
                    64, clock.get(), null);
            a.save(c);
            List<Contact> found = b.lookup("alice");
            assertEquals(1, found.size());
            assertEquals(c.withRuid(found.get(0).ruid()), found.get(0));
            awaitCount(1, b::contactCount);
            assertEquals(1, a.userCount());
            assertTrue(b.remove("alice", "sip:alice@10.0.0.1:5060"));
            assertEquals(List.of(), a.lookup("alice"));
        }
    }

    @Test
    void theBindingsOfAMemberAloneMoveToTheClusterWhenASecondJoins() {
        String name = "test-" + java.util.UUID.randomUUID();
        int p1 = TwoMembers.freePort();
        int p2 = TwoMembers.freePort();
        List<String> members = List.of("127.0.0.1:" + p1, "127.0.0.1:" + p2);
        io.sipcontainer.cluster.HazelcastState first = TwoMembers.member(name, p1, members);
        io.sipcontainer.cluster.HazelcastState second = null;
        try {
            assertTrue(!first.hasHadCompany(), "alone at first");
            MemoryLocationService a = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(first, "usrloc.location"));
            for (int i = 0; i < 50; i++) {
                a.save(contact("user" + i, "sip:user" + i + "@10.0.0.1", clock.get() + 60_000));
            }
            assertEquals(0, first.<String, byte[]>map("usrloc.location").size(), "nothing in Hazelcast while alone");
            second = TwoMembers.member(name, p2, members);
            MemoryLocationService b = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(second, "usrloc.location"));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            // the bindings move in no particular order: wait for all of them, not the last one written
            while (java.util.stream.IntStream.range(0, 50).anyMatch(i -> b.lookup("user" + i).isEmpty())
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(1, b.lookup("user" + i).size(), "user" + i + " moved to the cluster");
            }
            b.save(contact("user0", "sip:user0@10.0.0.2", clock.get() + 60_000));
            assertEquals(2, a.lookup("user0").size(), "the first member now reads the cluster map");
            awaitCount(51, a::contactCount);
            awaitCount(51, b::contactCount);
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    @Test
    void concurrentChangesToOneAorFromBothNodesAreAllKept() {
        try (TwoMembers two = new TwoMembers()) {
            MemoryLocationService a = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(two.first, "usrloc.location"));
            MemoryLocationService b = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(two.second, "usrloc.location"));
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                MemoryLocationService node = w % 2 == 0 ? a : b;
                int writer = w;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        node.save(contact("bob", "sip:bob@10.0." + writer + "." + i, clock.get() + 60_000));
                    }
                }));
            }
            writers.forEach(CompletableFuture::join);
            assertEquals(100, a.lookup("bob").size(), "no change lost to a concurrent one");
            awaitCount(100, b::contactCount);
            awaitCount(100, a::contactCount);
        }
    }

    @Test
    void anExpiredContactIsPurgedAndReportedOnceInTheCluster() {
        try (TwoMembers two = new TwoMembers()) {
            MemoryLocationService a = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(two.first, "usrloc.location"));
            MemoryLocationService b = new MemoryLocationService(UsrlocSettings.memory(), clock::get,
                    BindingTable.shared(two.second, "usrloc.location"));
            List<Contact> expired = new java.util.concurrent.CopyOnWriteArrayList<>();
            a.onExpired(expired::add);
            b.onExpired(expired::add);
            for (int i = 0; i < 20; i++) {
                a.save(contact("user" + i, "sip:u" + i + "@h", clock.get() + 1_000));
            }
            clock.addAndGet(2_000);
            int purged = a.purgeExpired() + b.purgeExpired();
            assertEquals(20, purged, "each node purges the AORs it owns");
            assertEquals(20, expired.size(), "each expiry is reported once");
            assertEquals(0, a.userCount());
            awaitCount(0, a::contactCount); // the shared count follows the purges of both nodes
            awaitCount(0, b::contactCount);
        }
    }

    @Test
    void encodedBindingsDecodeToTheSameContacts() {
        Contact c = new Contact("carol", "sip:carol@[2001:db8::1]:5060", Contact.Q_UNSPECIFIED, 0, "c@id", 3, null,
                List.of(), null, null, null, 0, Contact.ALL_METHODS, 0, 0, 5, "ruid-1");
        ContactRow[] rows = { ContactRow.of(c), ContactRow.of(c.withRuid("ruid-2")) };
        byte[] encoded = ContactRow.encode(rows);
        assertEquals(2, ContactRow.encodedCount(encoded));
        ContactRow[] back = ContactRow.decode(encoded);
        assertEquals(c, back[0].toContact("carol"));
        assertEquals(c.withRuid("ruid-2"), back[1].toContact("carol"));
    }
}
