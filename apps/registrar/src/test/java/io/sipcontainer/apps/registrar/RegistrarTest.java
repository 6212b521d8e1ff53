package io.sipcontainer.apps.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipcontainer.apps.registrar.RegisterRequest.RegisteredContact;
import io.sipcontainer.service.Contact;

/** Kamailio's save() rules on plain values, against a fake location service. */
class RegistrarTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final FakeLocation location = new FakeLocation();

    static RegistrarSettings settings(int outboundMode, int minExpires, int maxExpires, int expiresRange) {
        return new RegistrarSettings(3600, 0, expiresRange, minExpires, false, maxExpires, -1, true, "received", 0,
                0, true, true, 0, false, false, outboundMode, 0, 0, 512, 19, true, false);
    }

    private Registrar registrar(RegistrarSettings s) {
        return new Registrar(s, location, clock::get);
    }

    static RegisteredContact contact(String uri) {
        return new RegisteredContact(uri, null, null, null, null, null, null);
    }

    static RegisterRequest request(String callId, int cseq, List<RegisteredContact> contacts, Set<String> supported,
            Set<String> require, int vias, List<String> path) {
        return new RegisterRequest("alice", "example.com", callId, cseq, -1, false, contacts, path, null,
                !path.isEmpty() && path.get(0).contains(";ob"), vias, supported, !supported.isEmpty(), require, -1,
                "ua", "udp:127.0.0.1:5060", null);
    }

    static RegisterRequest simple(String callId, int cseq, RegisteredContact... contacts) {
        return request(callId, cseq, List.of(contacts), Set.of(), Set.of(), 1, List.of());
    }

    @Test
    void equalCSeqWithin20SecondsIsARetransmissionAndLaterIsRefused() {
        Registrar r = registrar(settings(0, 60, 3600, 0));
        assertTrue(r.save(simple("c1", 5, contact("sip:a@h"))).accepted());
        clock.addAndGet(1000);
        Registrar.Outcome again = r.save(simple("c1", 5, contact("sip:a@h")));
        assertNull(again.error(), "a retransmission is answered 200");
        assertEquals(1_000_000_000L, location.lookup("alice").get(0).lastModified(), "and changes nothing");
        clock.addAndGet(20_000);
        assertEquals(RegError.INV_CSEQ, r.save(simple("c1", 5, contact("sip:a@h"))).error());
        assertTrue(r.save(simple("other-call", 1, contact("sip:a@h"))).accepted(),
                "another Call-ID updates whatever its CSeq");
        assertEquals("other-call", location.lookup("alice").get(0).callId());
    }

    @Test
    void aNewCallIdForAnInstanceRemovesItsOtherBindings() {
        Registrar r = registrar(settings(1, 60, 3600, 0));
        RegisteredContact flow1 = new RegisteredContact("sip:a@h1", null, null, "<urn:uuid:1>", "1", null, null);
        RegisteredContact flow2 = new RegisteredContact("sip:a@h2", null, null, "<urn:uuid:1>", "2", null, null);
        r.save(simple("c1", 1, flow1, flow2));
        assertEquals(2, location.lookup("alice").size());
        RegisteredContact moved = new RegisteredContact("sip:a@h3", null, null, "<urn:uuid:1>", "1", null, null);
        r.save(simple("c2", 1, moved));
        List<Contact> now = location.lookup("alice");
        assertEquals(1, now.size());
        assertEquals("sip:a@h3", now.get(0).uri(), "matched by instance and reg-id, not by URI");
        assertEquals(1, now.get(0).regId());
    }

    @Test
    void outboundRulesAnswer420And421And439() {
        RegisteredContact ob = new RegisteredContact("sip:a@h", null, null, "<urn:uuid:1>", "1", null, null);
        assertEquals(RegError.OB_REQD, registrar(settings(0, 60, 3600, 0))
                .save(request("c", 1, List.of(ob), Set.of(), Set.of("outbound"), 1, List.of())).error());
        assertEquals(RegError.OB_UNSUP, registrar(settings(2, 60, 3600, 0))
                .save(request("c", 1, List.of(ob), Set.of("path"), Set.of(), 1, List.of())).error());
        assertEquals(RegError.OB_UNSUP_EDGE, registrar(settings(1, 60, 3600, 0))
                .save(request("c", 1, List.of(ob), Set.of("outbound"), Set.of(), 2, List.of("<sip:edge;lr>")))
                .error());
        assertTrue(registrar(settings(1, 60, 3600, 0))
                .save(request("c", 1, List.of(ob), Set.of("outbound"), Set.of(), 2, List.of("<sip:edge;lr;ob>")))
                .accepted(), "an edge proxy doing outbound (;ob) lets the reg-id through");
        assertEquals(1, location.lookup("alice").get(0).regId());
        assertEquals(439, RegError.OB_UNSUP_EDGE.code);
        assertEquals("First Hop Lacks Outbound Support", RegError.OB_UNSUP_EDGE.reason());
    }

    @Test
    void invalidQAndRegIdAreRefused() {
        Registrar r = registrar(settings(0, 60, 3600, 0));
        assertEquals(RegError.INV_Q,
                r.save(simple("c", 1, new RegisteredContact("sip:a@h", null, "1.5", null, null, null, null))).error());
        assertEquals(RegError.INV_Q,
                r.save(simple("c", 1, new RegisteredContact("sip:a@h", null, "x", null, null, null, null))).error());
        assertEquals(RegError.INV_REGID, r.save(
                simple("c", 1, new RegisteredContact("sip:a@h", null, null, "<urn:uuid:1>", "0", null, null))).error());
        assertTrue(location.lookup("alice").isEmpty());
    }

    @Test
    void expiresComesFromTheParameterThenTheHeaderThenTheDefaultWithinMinAndMax() {
        Registrar r = registrar(settings(0, 60, 3600, 0));
        RegisterRequest header = new RegisterRequest("a", "h", "c", 1, 300, false, List.of(), List.of(), null, false,
                1, Set.of(), false, Set.of(), -1, "ua", "s", null);
        assertEquals(300, r.expires(contact("sip:a@h"), header, List.of()));
        assertEquals(120, r.expires(new RegisteredContact("sip:a@h", "120", null, null, null, null, null), header,
                List.of()));
        assertEquals(3600, r.expires(new RegisteredContact("sip:a@h", "junk", null, null, null, null, null), header,
                List.of()), "an unreadable expires parameter means default_expires");
        assertEquals(60, r.expires(new RegisteredContact("sip:a@h", "5", null, null, null, null, null), header,
                List.of()));
        assertEquals(3600, r.expires(new RegisteredContact("sip:a@h", "99999", null, null, null, null, null), header,
                List.of()));
        assertEquals(0, r.expires(new RegisteredContact("sip:a@h", "0", null, null, null, null, null), header,
                List.of()));
    }

    @Test
    void expiresRangeRandomisesDownwardsWithinItsShare() {
        Registrar r = registrar(settings(0, 60, 0, 20));
        RegisteredContact c = new RegisteredContact("sip:a@h", "1000", null, null, null, null, null);
        for (int i = 0; i < 200; i++) {
            int e = r.expires(c, simple("c", 1), List.of());
            assertTrue(e >= 800 && e <= 1000, Integer.toString(e));
        }
    }

    @Test
    void maxContactsCountsNewMinusRemovedAndRefusesWith503() {
        RegistrarSettings s = new RegistrarSettings(3600, 0, 0, 60, false, 3600, -1, true, "received", 2, 0, true,
                true, 0, false, false, 0, 0, 0, 512, 19, true, false);
        Registrar r = registrar(s);
        assertTrue(r.save(simple("c", 1, contact("sip:1@h"), contact("sip:2@h"))).accepted());
        Registrar.Outcome refused = r.save(simple("c", 2, contact("sip:3@h")));
        assertEquals(RegError.TOO_MANY, refused.error());
        assertEquals(503, refused.error().code);
        assertEquals(2, refused.bindings().size());
        assertEquals(RegError.TOO_MANY, r.save(simple("d", 1, contact("sip:3@h"), contact("sip:4@h"),
                contact("sip:5@h"))).error());
        assertTrue(r.save(simple("c", 3, new RegisteredContact("sip:1@h", "0", null, null, null, null, null),
                contact("sip:3@h"))).accepted());
    }

    @Test
    void aContactRepeatedInOneRegisterIsStoredOnce() {
        Registrar r = registrar(settings(0, 60, 3600, 0));
        r.save(simple("c", 1, contact("sip:a@h"), new RegisteredContact("sip:a@h", "300", "0.5", null, null, null,
                null)));
        List<Contact> now = location.lookup("alice");
        assertEquals(1, now.size());
        assertEquals(0.5f, now.get(0).q());
    }

    @Test
    void qIsPrintedTheKamailioWay() {
        assertEquals("1", RegisterReply.qText(1f));
        assertEquals("0", RegisterReply.qText(0f));
        assertEquals("0.5", RegisterReply.qText(0.5f));
        assertEquals("0.25", RegisterReply.qText(0.25f));
        assertEquals("0.05", RegisterReply.qText(0.05f));
        assertEquals("0.125", RegisterReply.qText(0.125f));
    }
}
