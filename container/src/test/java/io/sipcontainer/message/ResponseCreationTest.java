package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.servlet.sip.SipServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * createResponse completes what the application may not write itself: the To tag of the
 * session's dialog, the Contact of this server where the response creates a dialog, and the
 * configured Server header.
 */
class ResponseCreationTest {
    private final MessageTestSupport t = new MessageTestSupport();

    @AfterEach
    void stopScheduler() {
        t.context.close();
    }

    private static String toTag(SipServletResponse r) {
        return ((SipServletResponseImpl) r).jainResponse().getToTag();
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 180, 183, 200, 302, 486, 603})
    void toTagIsAddedAbove100(int status) {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse r = invite.createResponse(status);
        assertNotNull(toTag(r));
        assertEquals(toTag(r), r.getTo().getParameter("tag"));
    }

    @Test
    void noToTagOn100() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse trying = invite.createResponse(100);
        assertNull(toTag(trying));
        assertNull(trying.getTo().getParameter("tag"));
    }

    @Test
    void allResponsesOfOneSessionShareTheToTag() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        String ringing = toTag(invite.createResponse(180));
        String ok = toTag(invite.createResponse(200));
        assertEquals(ringing, ok);
        assertEquals(ringing, invite.sipSession().dialog().localTag());
    }

    @Test
    void differentSessionsGetDifferentToTags() {
        String a = toTag(t.receiveInitial(MessageTestSupport.invite()).createResponse(200));
        String b = toTag(t.receiveInitial(MessageTestSupport.invite()).createResponse(200));
        assertNotNull(a);
        assertEquals(false, a.equals(b), "two sessions, two tags");
    }

    @Test
    void responseToRequestWithToTagKeepsIt() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletRequestImpl bye = t.receiveSubsequent(MessageTestSupport.bye("bobs-tag", 314160), invite.sipSession());
        assertEquals("bobs-tag", toTag(bye.createResponse(200)));
    }

    @ParameterizedTest
    @ValueSource(ints = {180, 183, 200})
    void contactIsAddedToDialogCreatingResponsesToInvite(int status) throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse r = invite.createResponse(status);
        assertNotNull(r.getAddressHeader("Contact"));
        assertEquals("sip:192.0.2.10:5060", r.getAddressHeader("Contact").getURI().toString());
    }

    @Test
    void contactIsAddedTo2xxToUpdate() throws Exception {
        // RFC 3311 5.2: the 2xx to an UPDATE carries the UAS's Contact (issue 16 #6)
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletRequestImpl update = t.receiveSubsequent(
                MessageTestSupport.bye("bobs-tag", 314160).replace("BYE", "UPDATE"), invite.sipSession());
        SipServletResponse ok = update.createResponse(200);
        assertNotNull(ok.getAddressHeader("Contact"));
        assertEquals("sip:192.0.2.10:5060", ok.getAddressHeader("Contact").getURI().toString());
        assertNull(update.createResponse(500).getHeader("Contact"));
    }

    @Test
    void noContactOn100OrErrorResponsesToInvite() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertNull(invite.createResponse(100).getHeader("Contact"));
        assertNull(invite.createResponse(486).getHeader("Contact"));
    }

    @Test
    void noContactOn200ToOptions() {
        SipServletRequestImpl options = t.receiveInitial(MessageTestSupport.options());
        assertNull(options.createResponse(200).getHeader("Contact"));
    }

    @Test
    void serverHeaderIsAddedWhenConfigured() {
        SipServletRequestImpl options = t.receiveInitial(MessageTestSupport.options());
        assertEquals(MessageTestSupport.SERVER_HEADER, options.createResponse(200).getHeader("Server"));
    }

    @Test
    void noServerHeaderWhenNotConfigured() {
        MessageTestSupport plain = new MessageTestSupport(null);
        try {
            SipServletRequestImpl options = plain.receiveInitial(MessageTestSupport.options());
            assertNull(options.createResponse(200).getHeader("Server"));
        } finally {
            plain.context.close();
        }
    }

    @Test
    void responseCopiesDialogHeadersAndReasonPhrase() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse busy = invite.createResponse(486, "Busy Right Now");
        assertEquals("Busy Right Now", busy.getReasonPhrase());
        assertEquals(486, busy.getStatus());
        assertEquals(MessageTestSupport.CALL_ID, busy.getCallId());
        assertEquals("INVITE", busy.getMethod());
        assertEquals(invite.getHeaderList("Via"), busy.getHeaderList("Via"));
        assertEquals("1928301774", busy.getFrom().getParameter("tag"));
        assertSame(invite, busy.getRequest());
        assertSame(invite.getSession(), busy.getSession());
        assertEquals("Ringing", invite.createResponse(180).getReasonPhrase());
    }
}
