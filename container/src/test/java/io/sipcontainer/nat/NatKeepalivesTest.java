package io.sipcontainer.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipcontainer.nat.NatKeepalives.Reason;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Datagrams;

/** nat_traversal's endpoints: what holds them, how long, and the keepalive each round sends. */
class NatKeepalivesTest {
    private static final Connector UDP = new Connector("udp", "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);
    private static final Connector TCP = new Connector("tcp", "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);
    private static final InetSocketAddress PHONE = new InetSocketAddress("203.0.113.5", 40312);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> sent = new ArrayList<>();
    private final Datagrams recorder = new Datagrams() {
        @Override
        public void send(Connector via, InetSocketAddress to, byte[] payload) {
            sent.add(to + " " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void takeStrayResponses(java.util.function.Predicate<gov.nist.javax.sip.message.SIPResponse> taker) {
        }
    };
    private final NatKeepalives keepalives = new NatKeepalives(new NatTraversalSettings(60, "NOTIFY", "", ""),
            recorder, now::get);

    @Test
    void aRegistrationKeepsItsSourceAliveUntilItExpires() {
        keepalives.hold(PHONE, UDP, Reason.REGISTRATION, "reg-1", 120, false);
        assertEquals(1, keepalives.count(null));
        assertEquals(1, keepalives.count(Reason.REGISTRATION));
        keepalives.round();
        assertEquals(1, sent.size());
        String notify = sent.get(0);
        assertTrue(notify.startsWith("/203.0.113.5:40312 NOTIFY sip:203.0.113.5:40312 SIP/2.0\r\n"), notify);
        assertTrue(notify.contains("\r\nFrom: <sip:keepalive@192.0.2.10>;tag="), notify);
        assertTrue(notify.contains("\r\nEvent: keep-alive\r\n"), notify);
        assertTrue(notify.contains("\r\nCall-ID: " + NatKeepalives.CALL_ID_PREFIX), notify);
        now.addAndGet(121_000);
        keepalives.round();
        assertEquals(1, sent.size(), "expired: no keepalive");
        assertEquals(0, keepalives.count(null));
    }

    @Test
    void oneEndpointGetsOneKeepaliveWhateverHoldsIt() {
        keepalives.hold(PHONE, UDP, Reason.REGISTRATION, "reg-1", 3600, false);
        keepalives.hold(PHONE, UDP, Reason.SUBSCRIPTION, "sub-1", 600, false);
        keepalives.hold(PHONE, UDP, Reason.DIALOG, "call-1", 0, true);
        keepalives.round();
        assertEquals(1, sent.size());
        assertEquals(1, keepalives.count(Reason.SUBSCRIPTION));
        assertEquals(1, keepalives.count(Reason.DIALOG));
    }

    @Test
    void aDialogHoldsUntilItEnds() {
        keepalives.hold(PHONE, UDP, Reason.DIALOG, "call-1", 0, true);
        now.addAndGet(86_400_000);
        assertEquals(1, keepalives.count(Reason.DIALOG));
        keepalives.dialogEnded("call-1");
        assertEquals(0, keepalives.count(null));
    }

    @Test
    void anUnregisterOrUnsubscribeReleasesAtOnce() {
        keepalives.hold(PHONE, UDP, Reason.SUBSCRIPTION, "sub-1", 600, false);
        keepalives.hold(PHONE, UDP, Reason.SUBSCRIPTION, "sub-1", 0, false);
        assertEquals(0, keepalives.count(null));
    }

    @Test
    void connectionsAreNotKeptAlive() {
        keepalives.hold(PHONE, TCP, Reason.REGISTRATION, "reg-1", 3600, false);
        assertEquals(0, keepalives.count(null));
    }

    @Test
    void repliesToKeepalivesAreAbsorbedOthersNot() throws Exception {
        gov.nist.javax.sip.message.SIPResponse ours = response(NatKeepalives.CALL_ID_PREFIX + "1-a");
        gov.nist.javax.sip.message.SIPResponse other = response("call-9");
        assertTrue(keepalives.takeReply(ours));
        assertTrue(!keepalives.takeReply(other));
    }

    private static gov.nist.javax.sip.message.SIPResponse response(String callId) throws Exception {
        String text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKx\r\n"
                + "From: <sip:keepalive@192.0.2.10>;tag=1\r\nTo: <sip:203.0.113.5:40312>;tag=2\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n";
        return (gov.nist.javax.sip.message.SIPResponse) new gov.nist.javax.sip.parser.StringMsgParser()
                .parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
    }
}
