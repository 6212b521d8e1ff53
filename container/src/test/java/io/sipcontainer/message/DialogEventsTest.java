package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.sip.header.CSeqHeader;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipSession.State;
import jakarta.servlet.sip.UAMode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.session.DialogKey;
import io.sipcontainer.session.DialogState;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Dialog state follows the messages of a session (RFC 3261 section 12 and the SIP Servlet
 * session state diagram), on the UAS side from what is sent and on the UAC side from what is
 * received; in-dialog requests are built from it.
 */
class DialogEventsTest {
    private static final String BOB_CONTACT = "<sip:bob@192.0.2.4>";
    private final MessageTestSupport t = new MessageTestSupport();

    @AfterEach
    void stopScheduler() {
        t.context.close();
    }

    // --- UAS -----------------------------------------------------------------------------------

    @Test
    void uasDialogIsInitialisedFromTheReceivedInvite() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        DialogState d = invite.sipSession().dialog();
        assertEquals(UAMode.UAS, d.mode());
        assertEquals(State.INITIAL, invite.sipSession().getState());
        assertEquals("1928301774", d.remoteTag());
        assertEquals("sip:alice@pc33.atlanta.example.com", d.remoteTarget());
        assertEquals(List.of("<sip:proxy.example.com;lr>"), d.routeSet(), "a UAS keeps Record-Route order");
        assertEquals("sip:alice@atlanta.example.com", d.remoteParty().getURI().toString());
        assertEquals("sip:bob@biloxi.example.com", d.localParty().getURI().toString());
    }

    @Test
    void uasSessionGoesEarlyConfirmedTerminatedThroughInviteAndBye() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipSessionImpl session = invite.sipSession();

        invite.createResponse(100).send();
        assertEquals(State.INITIAL, session.getState());
        invite.createResponse(180).send();
        assertEquals(State.EARLY, session.getState());
        invite.createResponse(200).send();
        assertEquals(State.CONFIRMED, session.getState());
        assertFalse(session.isReadyToInvalidate());

        String localTag = session.dialog().localTag();
        assertNotNull(localTag);
        assertEquals(session.getId(),
                t.context.store().findDialog(DialogKey.of(MessageTestSupport.CALL_ID, localTag)));

        SipServletRequestImpl bye = t.receiveSubsequent(MessageTestSupport.bye(localTag, 314160), session);
        assertTrue(DialogEvents.subsequentRequestReceived(bye));
        assertEquals(State.CONFIRMED, session.getState(), "BYE alone does not end the dialog");
        bye.createResponse(200).send();
        assertEquals(State.TERMINATED, session.getState());
        assertTrue(session.isReadyToInvalidate());
    }

    @Test
    void uasSessionRejectingTheInviteIsTerminated() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        invite.createResponse(180).send();
        invite.createResponse(486).send();
        assertEquals(State.TERMINATED, invite.sipSession().getState());
        assertTrue(invite.sipSession().isReadyToInvalidate());
    }

    @Test
    void uasSessionInTerminatedStateCannotCreateRequests() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        invite.createResponse(486).send();
        assertThrows(IllegalStateException.class, () -> invite.sipSession().createRequest("BYE"));
    }

    @Test
    void uasSessionInInitialStateCannotCreateRequests() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertThrows(IllegalStateException.class, () -> invite.sipSession().createRequest("INFO"));
    }

    @Test
    void inDialogRequestWithOlderCSeqIsRejected() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        invite.createResponse(200).send();
        String localTag = invite.sipSession().dialog().localTag();
        SipServletRequestImpl stale = t.receiveSubsequent(MessageTestSupport.bye(localTag, 314158), invite.sipSession());
        assertFalse(DialogEvents.subsequentRequestReceived(stale));
        SipServletRequestImpl fresh = t.receiveSubsequent(MessageTestSupport.bye(localTag, 314160), invite.sipSession());
        assertTrue(DialogEvents.subsequentRequestReceived(fresh));
    }

    @Test
    void uasRequestInDialogGoesToTheCallerContactThroughItsRecordRoute() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        invite.createResponse(200).send();
        SipServletRequestImpl bye = (SipServletRequestImpl) invite.sipSession().createRequest("BYE");
        assertEquals("sip:alice@pc33.atlanta.example.com", bye.getRequestURI().toString());
        assertEquals(List.of("<sip:proxy.example.com;lr>"), bye.getHeaderList("Route"));
        assertEquals(invite.sipSession().dialog().localTag(), bye.jainRequest().getFromTag());
        assertEquals("1928301774", bye.jainRequest().getToTag());
        assertEquals("Bob", bye.getFrom().getDisplayName());
    }

    // --- UAC -----------------------------------------------------------------------------------

    private SipServletRequestImpl sentInvite() throws Exception {
        SipSessionImpl session = t.newSession(MessageTestSupport.CALL_ID);
        SipServletRequestImpl invite = RequestBuilder.initial(t.services, session, "INVITE",
                AddressParser.parse("\"Alice\" <sip:alice@atlanta.example.com>"),
                AddressParser.parse("Bob <sip:bob@biloxi.example.com>"), MessageTestSupport.CALL_ID);
        invite.send();
        return invite;
    }

    private SipServletResponseImpl answer(SipServletRequestImpl invite, int status, String toTag,
            String contact, String... recordRoutes) throws Exception {
        SIPResponse r = (SIPResponse) t.messageFactory.createResponse(status, invite.jainRequest());
        if (toTag != null) {
            r.getTo().setTag(toTag);
        }
        if (contact != null) {
            r.addHeader(t.headerFactory.createHeader("Contact", contact));
        }
        for (String rr : recordRoutes) {
            // addLast: JAIN-SIP's addHeader puts Record-Route at the top, which would reverse them
            r.addLast(t.headerFactory.createHeader("Record-Route", rr));
        }
        assertEquals(List.of(recordRoutes), t.receiveResponse(r, invite).getHeaderList("Record-Route"));
        SipServletResponseImpl response = t.receiveResponse(r, invite);
        DialogEvents.responseReceived(response);
        return response;
    }

    @Test
    void initialRequestIsBuiltAsRfc3261Says() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        SIPRequest jain = invite.jainRequest();
        assertEquals("sip:bob@biloxi.example.com", jain.getRequestURI().toString());
        assertNotNull(jain.getFromTag());
        assertNull(jain.getToTag());
        assertEquals(1L, jain.getCSeq().getSeqNumber());
        assertEquals(MessageTestSupport.CALL_ID, invite.getCallId());
        assertEquals(70, invite.getMaxForwards());
        assertNotNull(invite.getHeader("Contact"), "a dialog-creating request gets the server's Contact");
        assertEquals(UAMode.UAC, invite.sipSession().dialog().mode());
        assertEquals(State.INITIAL, invite.sipSession().getState());
        assertTrue(invite.isInitial());
    }

    @Test
    void updateInTheDialogCarriesTheServersContact() throws Exception {
        // RFC 3311 5.1: UPDATE is a target refresh and must carry a Contact (issue 16 #6)
        SipServletRequestImpl invite = sentInvite();
        answer(invite, 200, "bobtag", BOB_CONTACT);
        SipServletRequestImpl update = (SipServletRequestImpl) invite.sipSession().createRequest("UPDATE");
        update.send();
        SIPRequest sent = t.outbound.requests.get(t.outbound.requests.size() - 1);
        assertEquals("UPDATE", sent.getMethod());
        assertNotNull(sent.getHeader("Contact"), "UPDATE without Contact");
        SipServletRequestImpl info = (SipServletRequestImpl) invite.sipSession().createRequest("INFO");
        info.send();
        assertNull(t.outbound.requests.get(t.outbound.requests.size() - 1).getHeader("Contact"),
                "INFO is no target refresh");
    }

    @Test
    void uacProvisionalWithToTagMakesTheSessionEarly() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        answer(invite, 100, null, null);
        assertEquals(State.INITIAL, invite.sipSession().getState());
        answer(invite, 180, "bobtag", BOB_CONTACT);
        assertEquals(State.EARLY, invite.sipSession().getState());
        assertEquals("bobtag", invite.sipSession().dialog().remoteTag());
    }

    @Test
    void uacSessionIsConfirmedBy2xxWithReversedRouteSetAndRemoteTarget() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        answer(invite, 200, "bobtag", BOB_CONTACT, "<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");
        SipSessionImpl session = invite.sipSession();
        DialogState d = session.dialog();
        assertEquals(State.CONFIRMED, session.getState());
        assertEquals("bobtag", d.remoteTag());
        assertEquals("sip:bob@192.0.2.4", d.remoteTarget());
        assertEquals(List.of("<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"), d.routeSet());
        assertEquals(session.getId(), t.context.store().findDialog(DialogKey.of(MessageTestSupport.CALL_ID,
                invite.jainRequest().getFromTag())));
    }

    @Test
    void uacSessionReturnsToInitialAfterAnErrorResponse() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        answer(invite, 180, "bobtag", BOB_CONTACT);
        answer(invite, 486, "bobtag", null);
        assertEquals(State.INITIAL, invite.sipSession().getState());
    }

    @Test
    void byeInUacDialogFollowsRemoteTargetAndRouteSet() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        String fromTag = invite.jainRequest().getFromTag();
        answer(invite, 200, "bobtag", BOB_CONTACT, "<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");

        SipServletRequest created = invite.sipSession().createRequest("BYE");
        SipServletRequestImpl bye = (SipServletRequestImpl) created;
        assertEquals("sip:bob@192.0.2.4", bye.getRequestURI().toString());
        assertEquals(List.of("<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"), bye.getHeaderList("Route"));
        CSeqHeader cseq = bye.jainRequest().getCSeq();
        assertEquals(2L, cseq.getSeqNumber());
        assertEquals("BYE", cseq.getMethod());
        assertEquals(fromTag, bye.jainRequest().getFromTag());
        assertEquals("bobtag", bye.jainRequest().getToTag());
        assertEquals(MessageTestSupport.CALL_ID, bye.getCallId());
        assertEquals("Alice", bye.getFrom().getDisplayName());
        assertFalse(bye.isInitial());

        SipServletRequestImpl info = (SipServletRequestImpl) invite.sipSession().createRequest("INFO");
        assertEquals(3L, info.jainRequest().getCSeq().getSeqNumber(), "each request takes the next CSeq");
    }

    @Test
    void byeSentAnd200ReceivedTerminatesUacDialog() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        answer(invite, 200, "bobtag", BOB_CONTACT);
        SipServletRequestImpl bye = (SipServletRequestImpl) invite.sipSession().createRequest("BYE");
        bye.send();
        answer(bye, 200, null, null);
        assertEquals(State.TERMINATED, invite.sipSession().getState());
        assertTrue(invite.sipSession().isReadyToInvalidate());
    }

    @Test
    void ackFor2xxHasTheInviteCSeqNumber() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        SipServletResponseImpl ok = answer(invite, 200, "bobtag", BOB_CONTACT, "<sip:p1.example.com;lr>");
        invite.sipSession().createRequest("INFO"); // moves the local CSeq on; the ACK must not follow
        SipServletRequestImpl ack = (SipServletRequestImpl) ok.createAck();
        assertEquals("ACK", ack.getMethod());
        assertEquals(1L, ack.jainRequest().getCSeq().getSeqNumber());
        assertEquals("ACK", ack.jainRequest().getCSeq().getMethod());
        assertEquals("sip:bob@192.0.2.4", ack.getRequestURI().toString());
        assertEquals(List.of("<sip:p1.example.com;lr>"), ack.getHeaderList("Route"));
        assertEquals("bobtag", ack.jainRequest().getToTag());
    }

    @Test
    void ackCanOnlyBeCreatedForAReceived2xxToInvite() throws Exception {
        SipServletRequestImpl invite = sentInvite();
        SipServletResponseImpl ringing = answer(invite, 180, "bobtag", BOB_CONTACT);
        assertThrows(IllegalStateException.class, ringing::createAck);
        SipServletRequestImpl uasInvite = t.receiveInitial(MessageTestSupport.invite());
        assertThrows(IllegalStateException.class, () -> uasInvite.createResponse(200).createAck());
    }
}
