package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A message is committed once received or sent: it cannot be changed or sent (again), and a
 * request that got its final response cannot be answered again.
 */
class CommittedMessageTest {
    private final MessageTestSupport t = new MessageTestSupport();

    @AfterEach
    void stopScheduler() {
        t.context.close();
    }

    private SipServletRequestImpl outgoing(String method) throws ServletParseException {
        return RequestBuilder.initial(t.services, t.newSession(MessageTestSupport.CALL_ID), method,
                AddressParser.parse("<sip:alice@atlanta.example.com>"),
                AddressParser.parse("<sip:bob@biloxi.example.com>"), MessageTestSupport.CALL_ID);
    }

    @Test
    void receivedRequestMayBeAdjustedUntilAnsweredThenIsCommitted() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertFalse(invite.isCommitted(), "a proxy may still add headers before proxying");
        invite.setHeader("X-Foo", "bar");
        assertEquals("bar", invite.getHeader("X-Foo"));
        assertThrows(IllegalArgumentException.class, () -> invite.setHeader("Call-ID", "x"));
        invite.createResponse(486).send();
        assertTrue(invite.isCommitted());
        assertThrows(IllegalStateException.class, () -> invite.setHeader("X-Foo", "bar"));
        assertThrows(IllegalStateException.class, () -> invite.addHeader("Subject", "bar"));
        assertThrows(IllegalStateException.class, () -> invite.removeHeader("Max-Forwards"));
        assertThrows(IllegalStateException.class, () -> invite.setContent("v=0", "application/sdp"));
        assertThrows(IllegalStateException.class, () -> invite.setMaxForwards(10));
        assertEquals(69, invite.getMaxForwards());
    }

    @Test
    void receivedRequestCannotBeSent() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertThrows(IllegalStateException.class, invite::send);
        assertTrue(t.outbound.requests.isEmpty());
    }

    @Test
    void outgoingRequestIsCommittedOnlyAfterSend() throws Exception {
        SipServletRequestImpl message = outgoing("MESSAGE");
        assertFalse(message.isCommitted());
        message.setHeader("X-Foo", "bar");
        message.send();
        assertTrue(message.isCommitted());
        assertThrows(IllegalStateException.class, () -> message.setHeader("X-Foo", "baz"));
        assertThrows(IllegalStateException.class, () -> message.setContent("hi", "text/plain"));
        assertEquals("bar", ((javax.sip.header.ExtensionHeader) t.outbound.requests.get(0).getHeader("X-Foo")).getValue());
    }

    @Test
    void sendingARequestTwiceFails() throws Exception {
        SipServletRequestImpl message = outgoing("MESSAGE");
        message.send();
        assertThrows(IllegalStateException.class, message::send);
        assertEquals(1, t.outbound.requests.size());
    }

    @Test
    void receivedMessageTheContainerRelaysIsWritableOnlyWhileOpened() throws Exception {
        // a proxied in-dialog request (or response) before it goes on: a media relay rewrites its SDP
        SipServletRequestImpl bye = t.receiveInitial(MessageTestSupport.bye("b-tag", 2));
        bye.markProxiedInDialog();
        assertThrows(IllegalStateException.class, () -> bye.setContent("v=0", "application/sdp"));
        bye.openWhileRelayed();
        bye.setContent("v=0\r\n", "application/sdp");
        assertEquals("v=0\r\n", new String(bye.getRawContent(), java.nio.charset.StandardCharsets.US_ASCII));
        bye.setCommitted();
        assertThrows(IllegalStateException.class, () -> bye.setContent("v=1", "application/sdp"));
    }

    @Test
    void responseIsCommittedAfterSend() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse ringing = invite.createResponse(180);
        assertFalse(ringing.isCommitted());
        ringing.setHeader("X-Foo", "bar");
        ringing.send();
        assertTrue(ringing.isCommitted());
        assertThrows(IllegalStateException.class, () -> ringing.setHeader("X-Foo", "baz"));
        assertThrows(IllegalStateException.class, () -> ringing.setStatus(183));
    }

    @Test
    void contentLengthMayBeSetOnAResponseBeingSentButNotOnceSent() throws Exception {
        // What a B2BUA does when it relays a 200: copies the body and its length.
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse ok = invite.createResponse(200);
        byte[] sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ok.setContent(sdp, "application/sdp");
        ok.setContentLength(sdp.length);
        ok.send();
        assertEquals(1, t.outbound.responses.size());
        assertEquals(sdp.length, t.outbound.responses.get(0).getContentLength().getContentLength());
        assertThrows(IllegalStateException.class, () -> ok.setContentLength(0));
    }

    @Test
    void contentLengthMayBeSetBeforeTheContentOnAnOutgoingRequest() throws Exception {
        SipServletRequestImpl message = outgoing("MESSAGE");
        message.setContentLength(5);
        assertEquals(5, message.getContentLength());
        message.setContent("hello", "text/plain");
        assertThrows(IllegalArgumentException.class, () -> message.setContentLength(-1));
        message.send();
        assertEquals(5, t.outbound.requests.get(0).getContentLength().getContentLength());
    }

    @Test
    void aContentLengthThatIsNotTheBodysIsCorrectedWhenSent() throws Exception {
        // a wrong value on the wire would cut the body or swallow the next message on a stream
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse ok = invite.createResponse(200);
        ok.setContent("hello", "text/plain");
        ok.setContentLength(99);
        ok.send();
        assertEquals(5, t.outbound.responses.get(0).getContentLength().getContentLength());

        SipServletRequestImpl message = outgoing("MESSAGE");
        message.setContentLength(42);
        message.send();
        assertEquals(0, t.outbound.requests.get(0).getContentLength().getContentLength());
    }

    @Test
    void contentLengthOfAReceivedMessageCannotBeSet() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertFalse(invite.isCommitted());
        assertThrows(IllegalStateException.class, () -> invite.setContentLength(0));
    }

    @Test
    void sendingAResponseTwiceFails() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse ringing = invite.createResponse(180);
        ringing.send();
        assertThrows(IllegalStateException.class, ringing::send);
        assertEquals(1, t.outbound.responses.size());
    }

    @Test
    void provisionalResponsesMayPrecedeTheFinalOne() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        invite.createResponse(100).send();
        invite.createResponse(180).send();
        assertDoesNotThrow(() -> invite.createResponse(200).send());
        assertEquals(3, t.outbound.responses.size());
        assertTrue(invite.isFinalResponseSent());
    }

    @Test
    void createResponseAfterFinalResponseSentFails() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        invite.createResponse(486).send();
        assertThrows(IllegalStateException.class, () -> invite.createResponse(200));
        assertThrows(IllegalStateException.class, () -> invite.createResponse(180));
    }

    @Test
    void secondFinalResponseCreatedEarlierCannotBeSent() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse ok = invite.createResponse(200);
        SipServletResponse busy = invite.createResponse(486);
        ok.send();
        assertThrows(IllegalStateException.class, busy::send);
        assertEquals(1, t.outbound.responses.size());
    }

    @Test
    void createResponseOnOutgoingRequestFails() throws Exception {
        SipServletRequestImpl message = outgoing("MESSAGE");
        assertThrows(IllegalStateException.class, () -> message.createResponse(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 700, 1000})
    void createResponseWithInvalidStatusFails(int status) {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertThrows(IllegalArgumentException.class, () -> invite.createResponse(status));
        assertThrows(IllegalArgumentException.class, () -> invite.createResponse(status, "Odd"));
    }

    @Test
    void receivedResponseIsCommitted() throws Exception {
        SipServletRequestImpl message = outgoing("MESSAGE");
        message.send();
        SipServletResponseImpl ok = t.receiveResponse(
                (gov.nist.javax.sip.message.SIPResponse) t.messageFactory.createResponse(200, message.jainRequest()),
                message);
        assertTrue(ok.isCommitted());
        assertThrows(IllegalStateException.class, () -> ok.setHeader("X-Foo", "bar"));
        assertThrows(IllegalStateException.class, ok::send);
    }
}
