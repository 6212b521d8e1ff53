package io.sipcontainer.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.Contact;

class MemoryLocationServiceTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final MemoryLocationService service = new MemoryLocationService(UsrlocSettings.memory(), clock::get);

    static Contact contact(String aor, String uri, float q, long expires) {
        return new Contact(aor, uri, q, expires, "call-" + uri, 1, null, List.of(), "udp:127.0.0.1:5060", "ua",
                null, 0, Contact.ALL_METHODS, 0, 0, 0, null);
    }

    private long in(int seconds) {
        return clock.get() + seconds * 1000L;
    }

    @Test
    void savedContactIsFoundWithAllItsFieldsAndARuid() {
        Contact c = new Contact("alice", "sip:alice@10.0.0.1:5060", 0.5f, in(60), "cid", 7, "sip:1.2.3.4:5070",
                List.of("<sip:p1;lr>", "<sip:p2;lr>"), "udp:127.0.0.1:5060", "phone", "<urn:uuid:1>", 1, 5, 2, 64,
                clock.get(), null);
        service.save(c);
        List<Contact> found = service.lookup("alice");
        assertEquals(1, found.size());
        Contact f = found.get(0);
        assertNotNull(f.ruid());
        assertEquals(c.withRuid(f.ruid()), f);
        assertEquals(1, service.contactCount());
        assertEquals(List.of("alice"), service.aors());
    }

    @Test
    void contactsAreOrderedByQDescendingWithoutQLastAndEqualQInRegistrationOrder() {
        service.save(contact("bob", "sip:a@h", Contact.Q_UNSPECIFIED, in(60)));
        service.save(contact("bob", "sip:b@h", 0.5f, in(60)));
        service.save(contact("bob", "sip:c@h", 1.0f, in(60)));
        service.save(contact("bob", "sip:d@h", 0.5f, in(60)));
        assertEquals(List.of("sip:c@h", "sip:b@h", "sip:d@h", "sip:a@h"), uris(service.lookup("bob")));
    }

    @Test
    void updatedContactKeepsItsPlaceUnlessItsQChanges() {
        service.save(contact("bob", "sip:a@h", 0.5f, in(60)));
        service.save(contact("bob", "sip:b@h", 0.5f, in(60)));
        service.save(contact("bob", "sip:a@h", 0.5f, in(120)));
        assertEquals(List.of("sip:a@h", "sip:b@h"), uris(service.lookup("bob")));
        service.save(contact("bob", "sip:b@h", 0.9f, in(120)));
        assertEquals(List.of("sip:b@h", "sip:a@h"), uris(service.lookup("bob")));
        assertEquals(2, service.contactCount());
    }

    @Test
    void descTimeOrderPutsTheNewestFirst() {
        MemoryLocationService desc = new MemoryLocationService(UsrlocSettings.memory().withDescTimeOrder(true),
                clock::get);
        desc.save(contact("bob", "sip:a@h", 0.5f, in(60)));
        desc.save(contact("bob", "sip:b@h", 1.0f, in(60)));
        desc.save(contact("bob", "sip:c@h", 0.1f, in(60)));
        assertEquals(List.of("sip:c@h", "sip:b@h", "sip:a@h"), uris(desc.lookup("bob")));
    }

    @Test
    void expiredContactVanishesFromLookupAtOnceAndTheTimerPurgesIt() {
        List<Contact> expired = new ArrayList<>();
        service.onExpired(expired::add);
        service.save(contact("carol", "sip:short@h", 1f, in(2)));
        service.save(contact("carol", "sip:long@h", 1f, in(60)));
        service.save(contact("dave", "sip:perm@h", 1f, 0));
        clock.addAndGet(2000);
        assertEquals(List.of("sip:long@h"), uris(service.lookup("carol")));
        assertEquals(3, service.contactCount(), "counted until purged, as Kamailio");
        assertEquals(1, service.purgeExpired());
        assertEquals(2, service.contactCount());
        assertEquals(1, service.expiredCount());
        assertEquals(List.of("sip:short@h"), uris(expired));
        clock.addAndGet(3_600_000);
        assertEquals(1, service.purgeExpired());
        assertEquals(List.of("dave"), service.aors(), "a permanent contact never expires");
        assertEquals(1, service.userCount());
    }

    @Test
    void updateSeesLiveContactsAndAnExceptionLeavesTheAorUntouched() {
        service.save(contact("erin", "sip:a@h", 1f, in(60)));
        assertThrows(IllegalStateException.class, () -> service.update("erin", list -> {
            throw new IllegalStateException("rejected");
        }));
        assertEquals(List.of("sip:a@h"), uris(service.lookup("erin")));
        List<Contact> after = service.update("erin", list -> {
            assertEquals(1, list.size());
            return List.of(list.get(0), contact("erin", "sip:b@h", 1f, in(60)));
        });
        assertEquals(List.of("sip:a@h", "sip:b@h"), uris(after));
        assertTrue(after.stream().allMatch(c -> c.ruid() != null));
    }

    @Test
    void removeDropsOneContactAndRemoveAllTheAor() {
        service.save(contact("frank", "sip:a@h", 1f, in(60)));
        service.save(contact("frank", "sip:b@h", 1f, in(60)));
        assertTrue(service.remove("frank", "sip:a@h"));
        assertFalse(service.remove("frank", "sip:a@h"));
        assertEquals(List.of("sip:b@h"), uris(service.lookup("frank")));
        assertTrue(service.removeAll("frank"));
        assertFalse(service.removeAll("frank"));
        assertTrue(service.lookup("frank").isEmpty());
        assertEquals(0, service.contactCount());
        assertEquals(0, service.userCount());
    }

    @Test
    void aorKeyIncludesTheLowerCasedDomainOnlyWithUseDomain() {
        assertEquals("alice", service.aorOf("alice", "Example.COM"));
        MemoryLocationService withDomain = new MemoryLocationService(UsrlocSettings.memory().withUseDomain(true),
                clock::get);
        assertEquals("Alice@example.com", withDomain.aorOf("Alice", "Example.COM"));
    }

    @Test
    void methodMaskFollowsKamailioMethodIds() {
        int mask = Contact.methodMask(List.of("INVITE", "ACK", "BYE"));
        assertEquals(1 | 4 | 8, mask);
        Contact c = new Contact("a", "sip:a@h", 1f, 0, "c", 1, null, List.of(), null, null, null, 0, mask, 0, 0, 0,
                null);
        assertTrue(c.allows("invite"));
        assertFalse(c.allows("MESSAGE"));
    }

    static List<String> uris(List<Contact> contacts) {
        return contacts.stream().map(Contact::uri).toList();
    }
}
