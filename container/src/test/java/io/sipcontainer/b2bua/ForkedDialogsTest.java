package io.sipcontainer.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSession.State;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.session.DialogKey;
import io.sipcontainer.session.SipSessionImpl;

/**
 * A callee leg forked downstream: each To tag of a provisional or 2xx response is a dialog of its
 * own in a derived session, which the B2BUA relays upstream as a dialog of its own too (a derived
 * UAS session under a new To tag); the answer ends the other early dialogs on both legs.
 */
class ForkedDialogsTest {
    private final B2buaTestSupport t = new B2buaTestSupport();

    @AfterEach
    void close() {
        t.close();
    }

    private record Legs(SipServletRequestImpl callerInvite, SipServletRequestImpl calleeInvite) { }

    private Legs bridged() throws Exception {
        SipServletRequestImpl in = t.receiveInvite("", "v=0\r\n");
        SipServletRequestImpl out = (SipServletRequestImpl) t.helper.createRequest(in, true, Map.of());
        out.send();
        return new Legs(in, out);
    }

    /** What a relaying B2BUA does with a response to the initial INVITE. */
    private SipServletResponseImpl relay(SipServletResponseImpl response) throws Exception {
        SipSession upstream = t.helper.getLinkedSession(response.getSession());
        SipServletResponseImpl relayed = (SipServletResponseImpl) t.helper.createResponseToOriginalRequest(upstream,
                response.getStatus(), response.getReasonPhrase());
        relayed.send();
        return relayed;
    }

    @Test
    void responseWithAnotherToTagGoesToADerivedSessionOfTheSameCall() throws Exception {
        Legs legs = bridged();
        SipSessionImpl original = legs.calleeInvite().sipSession();
        SipServletResponseImpl first = t.calleeAnswers(legs.calleeInvite(), 180, "fork1", null);
        SipServletResponseImpl second = t.calleeAnswers(legs.calleeInvite(), 180, "fork2", null);
        SipServletResponseImpl again = t.calleeAnswers(legs.calleeInvite(), 183, "fork2", null);

        assertSame(original, first.getSession());
        SipSessionImpl derived = second.sipSession();
        assertNotSame(original, derived);
        assertSame(derived, again.getSession(), "the same tag stays with its derived session");
        assertEquals(State.EARLY, derived.getState());
        assertEquals("fork2", derived.dialog().remoteTag());
        assertEquals("fork1", original.dialog().remoteTag());
        assertEquals(original.getCallId(), derived.getCallId());
        assertEquals(original.dialog().localTag(), derived.dialog().localTag());
        assertSame(original.getApplicationSession(), derived.getApplicationSession());
        assertEquals(derived.getId(), t.context.store().findDialog(
                DialogKey.ofFork(derived.getCallId(), derived.dialog().localTag(), "fork2")),
                "the derived dialog is found by Call-ID and both tags");
        assertEquals(original.getId(), t.context.store().findDialog(
                DialogKey.of(original.getCallId(), original.dialog().localTag())));
        assertEquals(false, original.isDialogOf("fork2"));
    }

    @Test
    void eachForkIsRelayedUpstreamAsADialogOfItsOwn() throws Exception {
        Legs legs = bridged();
        SipServletResponseImpl up1 = relay(t.calleeAnswers(legs.calleeInvite(), 180, "fork1", null));
        SipServletResponseImpl down2 = t.calleeAnswers(legs.calleeInvite(), 180, "fork2", null);
        SipServletResponseImpl up2 = relay(down2);

        String tag1 = up1.jainResponse().getToTag();
        String tag2 = up2.jainResponse().getToTag();
        assertNotNull(tag1);
        assertNotNull(tag2);
        assertNotEquals(tag1, tag2);
        SipSessionImpl twin = up2.sipSession();
        assertNotSame(legs.callerInvite().sipSession(), twin, "the second fork is answered from a derived session");
        assertSame(twin, t.helper.getLinkedSession(down2.getSession()));
        assertSame(down2.getSession(), t.helper.getLinkedSession(twin));
        assertSame(legs.calleeInvite().sipSession(), t.helper.getLinkedSession(legs.callerInvite().sipSession()),
                "the original sessions stay linked to each other");
        assertEquals(State.EARLY, twin.getState());
    }

    @Test
    void answerOfOneForkEndsTheOtherEarlyDialogsOnBothLegs() throws Exception {
        Legs legs = bridged();
        relay(t.calleeAnswers(legs.calleeInvite(), 180, "fork1", null));
        SipServletResponseImpl down2 = t.calleeAnswers(legs.calleeInvite(), 180, "fork2", null);
        relay(down2);
        SipServletResponseImpl ok = t.calleeAnswers(legs.calleeInvite(), 200, "fork2", "v=0\r\n");
        SipServletResponseImpl upOk = relay(ok);

        assertSame(down2.getSession(), ok.getSession());
        assertEquals(State.CONFIRMED, ok.getSession().getState());
        assertEquals(State.CONFIRMED, upOk.getSession().getState());
        assertEquals(State.TERMINATED, legs.calleeInvite().getSession().getState(), "fork1 can no longer be answered");
        assertEquals(State.TERMINATED, legs.callerInvite().getSession().getState(),
                "the caller's first early dialog ends with the answer of the other");
        assertEquals(upOk.jainResponse().getToTag(), upOk.sipSession().dialog().localTag());
        assertThrows(IllegalStateException.class, () -> t.helper.createResponseToOriginalRequest(
                legs.callerInvite().getSession(), 200, null), "the original request has its final response");
    }
}
