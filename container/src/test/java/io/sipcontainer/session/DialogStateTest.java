package io.sipcontainer.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.servlet.sip.SipSession.State;
import jakarta.servlet.sip.UAMode;

import org.junit.jupiter.api.Test;

import io.sipcontainer.message.AddressParser;

/** The RFC 3261 section 12 dialog bookkeeping, independent of messages. */
class DialogStateTest {

    private static DialogState uas(long inviteCSeq) throws Exception {
        DialogState d = new DialogState("call-1");
        d.initAsUas(AddressParser.parse("<sip:bob@biloxi.example.com>"),
                AddressParser.parse("<sip:alice@atlanta.example.com>;tag=a1"), "a1",
                "sip:alice@192.0.2.1", List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"), inviteCSeq);
        return d;
    }

    private static DialogState uac() throws Exception {
        DialogState d = new DialogState("call-2");
        d.initAsUac(AddressParser.parse("<sip:alice@atlanta.example.com>"),
                AddressParser.parse("<sip:bob@biloxi.example.com>"), "a1", 1);
        return d;
    }

    @Test
    void acceptRemoteCSeqRejectsAnOlderCSeq() throws Exception {
        DialogState d = uas(100);
        assertFalse(d.acceptRemoteCSeq(99, false));
        assertTrue(d.acceptRemoteCSeq(101, false));
        assertFalse(d.acceptRemoteCSeq(100, false), "older than the last accepted one");
        assertTrue(d.acceptRemoteCSeq(105, false), "gaps are allowed");
    }

    @Test
    void acceptRemoteCSeqAcceptsTheFirstCSeqOfAnEmptyRemoteSequence() throws Exception {
        DialogState d = uac();
        assertTrue(d.acceptRemoteCSeq(7, false));
        assertFalse(d.acceptRemoteCSeq(6, false));
    }

    @Test
    void ackIsNotCheckedAgainstTheRemoteCSeq() throws Exception {
        DialogState d = uas(100);
        assertTrue(d.acceptRemoteCSeq(200, false));
        assertTrue(d.acceptRemoteCSeq(100, true));
        assertFalse(d.acceptRemoteCSeq(150, false), "the ACK did not lower the remote sequence");
    }

    @Test
    void localCSeqIncrementsFromTheInitialRequest() throws Exception {
        DialogState d = uac();
        assertEquals(2, d.nextLocalCSeq());
        assertEquals(3, d.nextLocalCSeq());
        assertEquals(3, d.localCSeq());
    }

    @Test
    void uasKeepsRecordRouteOrderAndFirstLocalTag() throws Exception {
        DialogState d = uas(1);
        assertEquals(UAMode.UAS, d.mode());
        assertEquals(List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"), d.routeSet());
        d.setLocalTag("b1");
        d.setLocalTag("b2");
        assertEquals("b1", d.localTag());
    }

    @Test
    void uasStatesFollowProvisionalFinalAndFailure() throws Exception {
        DialogState d = uas(1);
        assertEquals(State.INITIAL, d.state());
        d.establishAsUas(false);
        assertEquals(State.EARLY, d.state());
        d.establishAsUas(true);
        assertEquals(State.CONFIRMED, d.state());
        d.establishAsUas(false);
        assertEquals(State.CONFIRMED, d.state(), "a late provisional does not undo confirmation");

        DialogState rejected = uas(1);
        rejected.establishAsUas(false);
        rejected.failed();
        assertEquals(State.TERMINATED, rejected.state());
        rejected.establishAsUas(true);
        assertEquals(State.TERMINATED, rejected.state(), "a terminated dialog stays terminated");
    }

    @Test
    void uacReversesRecordRouteOnceAndMayRetryAfterFailure() throws Exception {
        DialogState d = uac();
        d.establishAsUac("b1", "sip:bob@192.0.2.4", List.of("<sip:p1;lr>", "<sip:p2;lr>"), false);
        assertEquals(State.EARLY, d.state());
        assertEquals(List.of("<sip:p2;lr>", "<sip:p1;lr>"), d.routeSet());
        d.establishAsUac("b1", "sip:bob@198.51.100.7", List.of("<sip:p1;lr>", "<sip:p2;lr>", "<sip:p3;lr>"), true);
        assertEquals(State.CONFIRMED, d.state());
        assertEquals(List.of("<sip:p2;lr>", "<sip:p1;lr>"), d.routeSet(), "the route set is fixed once learned");
        assertEquals("sip:bob@198.51.100.7", d.remoteTarget(), "the 2xx Contact updates the target");

        DialogState failed = uac();
        failed.establishAsUac("b1", null, List.of(), false);
        failed.failed();
        assertEquals(State.INITIAL, failed.state());
    }

    @Test
    void remoteTargetRefreshIgnoresMissingContact() throws Exception {
        DialogState d = uas(1);
        d.setRemoteTarget(null);
        assertEquals("sip:alice@192.0.2.1", d.remoteTarget());
        d.setRemoteTarget("sip:alice@203.0.113.5");
        assertEquals("sip:alice@203.0.113.5", d.remoteTarget());
    }
}
