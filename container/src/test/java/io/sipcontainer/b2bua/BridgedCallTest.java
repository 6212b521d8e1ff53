package io.sipcontainer.b2bua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession.State;
import jakarta.servlet.sip.UAMode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * A call through the helper, leg by leg: what is pending on each leg as the call goes on, answers
 * to the original request, relayed ACK and in-dialog requests, the link rules, and the exclusive
 * choice between B2BUA and proxy roles.
 */
class BridgedCallTest {
    private static final String ANSWER = "v=0\r\no=- 2 2 IN IP4 198.51.100.7\r\n";
    private final B2buaTestSupport t = new B2buaTestSupport();

    @AfterEach
    void close() {
        t.close();
    }

    private SipServletRequestImpl in;
    private SipServletRequestImpl out;

    private void bridge() throws Exception {
        in = t.receiveInvite("", "v=0\r\n");
        out = (SipServletRequestImpl) t.helper.createRequest(in, true, Map.of());
        out.send();
    }

    @Test
    void pendingMessagesFollowTheCall() throws Exception {
        bridge();
        SipSessionImpl caller = in.sipSession();
        SipSessionImpl callee = out.sipSession();
        assertEquals(List.of(in), t.helper.getPendingMessages(caller, UAMode.UAS), "the INVITE waits for an answer");
        assertEquals(List.of(), t.helper.getPendingMessages(caller, UAMode.UAC));
        assertEquals(List.of(out), t.helper.getPendingMessages(callee, UAMode.UAC));
        assertSame(in, caller.getActiveInvite(UAMode.UAS));

        SipServletResponseImpl ok = t.calleeAnswers(out, 200, "bobtag", ANSWER);
        assertEquals(List.of(ok), t.helper.getPendingMessages(callee, UAMode.UAC), "the 2xx waits for its ACK");
        SipServletResponseImpl upOk = (SipServletResponseImpl) t.helper.createResponseToOriginalRequest(caller, 200, null);
        upOk.setContent(ok.getRawContent(), ok.getContentType());
        upOk.send();
        assertEquals(List.of(), t.helper.getPendingMessages(caller, UAMode.UAS));
        assertEquals(State.CONFIRMED, caller.getState());

        SipServletRequestImpl ack = t.receiveFromCaller("ACK", 10, caller, "v=0\r\nack\r\n");
        SipServletRequestImpl relayedAck = (SipServletRequestImpl) t.helper.createRequest(callee, ack, null);
        assertEquals("ACK", relayedAck.getMethod());
        assertEquals(1L, relayedAck.jainRequest().getCSeq().getSeqNumber(), "the ACK of the callee's 2xx");
        assertEquals("bobtag", relayedAck.jainRequest().getToTag());
        assertArrayEquals(ack.getRawContent(), relayedAck.getRawContent());
        relayedAck.send();
        assertEquals(List.of(), t.helper.getPendingMessages(callee, UAMode.UAC));
        assertThrows(IllegalStateException.class, () -> t.helper.createRequest(callee, ack, null),
                "no 2xx is left to acknowledge");
    }

    @Test
    void pendingMessagesAreInCSeqOrder() throws Exception {
        bridge();
        t.calleeAnswers(out, 200, "bobtag", null);
        SipServletRequestImpl info = (SipServletRequestImpl) out.getSession().createRequest("INFO");
        info.send();
        List<SipServletMessage> pending = t.helper.getPendingMessages(out.getSession(), UAMode.UAC);
        assertEquals(2, pending.size());
        assertInstanceOf(SipServletResponse.class, pending.get(0), "the 2xx of CSeq 1");
        assertSame(info, pending.get(1));
    }

    @Test
    void byeCrossesToTheOtherLegAndItsAnswerComesBack() throws Exception {
        bridge();
        t.calleeAnswers(out, 200, "bobtag", null).createAck().send();
        t.helper.createResponseToOriginalRequest(in.getSession(), 200, null).send();

        SipServletRequestImpl bye = t.receiveFromCaller("BYE", 11, in.sipSession(), null);
        SipServletRequestImpl relayed = (SipServletRequestImpl) t.helper.createRequest(out.getSession(), bye, null);
        assertEquals("BYE", relayed.getMethod());
        assertEquals(out.getCallId(), relayed.getCallId());
        assertEquals(2L, relayed.jainRequest().getCSeq().getSeqNumber());
        assertEquals("hangup", relayed.getHeader("X-Reason"), "unknown headers cross with the request");
        assertSame(bye, t.helper.getLinkedSipServletRequest(relayed));
        assertSame(relayed, t.helper.getLinkedSipServletRequest(bye));
        relayed.send();
        assertEquals(List.of(bye), t.helper.getPendingMessages(in.getSession(), UAMode.UAS));

        t.calleeAnswers(relayed, 200, null, null);
        assertEquals(State.TERMINATED, out.getSession().getState());
        t.helper.getLinkedSipServletRequest(relayed).createResponse(200).send();
        assertEquals(State.TERMINATED, in.getSession().getState());
        assertEquals(List.of(), t.helper.getPendingMessages(in.getSession(), UAMode.UAS));
    }

    @Test
    void byeTimingOutOnOneLegStillEndsBothDialogs() throws Exception {
        bridge();
        t.calleeAnswers(out, 200, "bobtag", null).createAck().send();
        t.helper.createResponseToOriginalRequest(in.getSession(), 200, null).send();
        SipServletRequestImpl bye = t.receiveFromCaller("BYE", 11, in.sipSession(), null);
        SipServletRequestImpl relayed = (SipServletRequestImpl) t.helper.createRequest(out.getSession(), bye, null);
        relayed.send();

        t.calleeAnswers(relayed, 408, null, null);
        assertEquals(State.TERMINATED, out.getSession().getState(), "RFC 3261 15.1.1: a BYE timeout ends the dialog");
        t.helper.getLinkedSipServletRequest(relayed).createResponse(408).send();
        assertEquals(State.TERMINATED, in.getSession().getState());
    }

    @Test
    void fromAndToCannotBeSetInsideADialog() throws Exception {
        bridge();
        t.calleeAnswers(out, 200, "bobtag", null);
        t.helper.createResponseToOriginalRequest(in.getSession(), 200, null).send();
        SipServletRequestImpl info = t.receiveFromCaller("INFO", 11, in.sipSession(), null);
        assertThrows(IllegalArgumentException.class, () -> t.helper.createRequest(out.getSession(), info,
                Map.of("From", List.of("<sip:x@example.com>"))));
        assertThrows(IllegalArgumentException.class, () -> t.helper.createRequest(out.getSession(), info,
                Map.of("Route", List.of("<sip:x@example.com;lr>"))));
    }

    @Test
    void responseToOriginalRequestIsRefusedAfterItsFinalResponse() throws Exception {
        bridge();
        t.helper.createResponseToOriginalRequest(in.getSession(), 486, "Busy Here").send();
        assertEquals(486, t.lastResponse().getStatusCode());
        assertEquals("Busy Here", t.lastResponse().getReasonPhrase());
        assertThrows(IllegalStateException.class,
                () -> t.helper.createResponseToOriginalRequest(in.getSession(), 200, null));
        assertThrows(IllegalArgumentException.class,
                () -> t.helper.createResponseToOriginalRequest(out.getSession(), 200, null),
                "a UAC session has no received request to answer");
    }

    @Test
    void cancelNeedsAnUnansweredInviteSentOnTheSession() throws Exception {
        bridge();
        assertThrows(IllegalStateException.class, () -> t.helper.createCancel(in.getSession()),
                "the caller's session sent no INVITE");
        t.calleeAnswers(out, 486, "busy", null);
        assertThrows(IllegalStateException.class, () -> t.helper.createCancel(out.getSession()),
                "the INVITE has its final response");
    }

    @Test
    void sessionsAreLinkedOneToOneAndCanBeUnlinked() throws Exception {
        bridge();
        SipServletRequestImpl third = t.receiveInvite("", null);
        SipSessionImpl a = in.sipSession();
        SipSessionImpl b = out.sipSession();
        assertThrows(IllegalArgumentException.class, () -> t.helper.linkSipSessions(a, third.getSession()),
                "a is linked to b already");
        assertThrows(IllegalArgumentException.class, () -> t.helper.linkSipSessions(a, a));
        t.helper.linkSipSessions(a, b); // linking the same pair again is harmless

        t.helper.unlinkSipSessions(b);
        assertNull(t.helper.getLinkedSession(a));
        assertNull(t.helper.getLinkedSession(b));
        assertThrows(IllegalArgumentException.class, () -> t.helper.unlinkSipSessions(a), "not linked");

        SipSessionImpl other = (SipSessionImpl) third.getSession();
        assertFalse(other.getApplicationSession() == a.getApplicationSession());
        assertThrows(IllegalArgumentException.class, () -> t.helper.linkSipSessions(a, other),
                "sessions of different application sessions");
    }

    @Test
    void linkToAnInvalidatedSessionReadsAsNone() throws Exception {
        bridge();
        in.getApplicationSession().setInvalidateWhenReady(false); // the caller's session stays
        out.getSession().invalidate();
        assertNull(t.helper.getLinkedSession(in.getSession()));
        assertThrows(IllegalArgumentException.class, () -> t.helper.getLinkedSession(out.getSession()));
    }

    @Test
    void b2buaAndProxyRolesExcludeEachOther() throws Exception {
        SipServletRequestImpl request = t.receiveInvite("", null);
        assertTrue(request.getB2buaHelper() instanceof B2buaHelperImpl);
        assertTrue(request.transaction().isB2bua());
        assertThrows(IllegalStateException.class, request::getProxy);
    }
}
