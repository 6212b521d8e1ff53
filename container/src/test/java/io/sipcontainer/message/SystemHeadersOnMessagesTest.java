package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * System headers (SIP Servlet specification, "System Headers") cannot be set, added or removed
 * by applications, in any spelling; Contact is an exception in REGISTER and some responses; the
 * From and To tags are managed by the container while their display name stays editable.
 */
class SystemHeadersOnMessagesTest {
    private final MessageTestSupport t = new MessageTestSupport();

    @AfterEach
    void stopScheduler() {
        t.context.close();
    }

    private SipServletRequestImpl outgoing(String method) throws ServletParseException {
        return RequestBuilder.initial(t.services, t.newSession(MessageTestSupport.CALL_ID), method,
                AddressParser.parse("\"Alice\" <sip:alice@atlanta.example.com>"),
                AddressParser.parse("<sip:bob@biloxi.example.com>"), MessageTestSupport.CALL_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call-ID", "From", "To", "CSeq", "Via", "Record-Route", "Route", "Contact",
        "call-id", "CSEQ", "via", "i", "f", "t", "v", "m", "I", "M", "RAck", "RSeq", "Path"})
    void systemHeaderCannotBeSetOnInvite(String name) throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> invite.setHeader(name, "x"));
        assertTrue(e.getMessage().contains(SystemHeaders.canonicalName(name)), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call-ID", "From", "To", "CSeq", "Via", "Record-Route", "Route", "Contact", "i", "f", "m"})
    void systemHeaderCannotBeAddedOnInvite(String name) throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        assertThrows(IllegalArgumentException.class, () -> invite.addHeader(name, "<sip:x@example.com>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call-ID", "From", "To", "CSeq", "Via", "Record-Route", "Route", "Contact", "i", "f", "m"})
    void systemHeaderCannotBeRemovedFromInvite(String name) throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        String before = invite.getHeader(name);
        assertThrows(IllegalArgumentException.class, () -> invite.removeHeader(name));
        assertEquals(before, invite.getHeader(name));
    }

    @Test
    void compactNameErrorNamesTheFullHeader() throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> invite.setHeader("m", "<sip:x@example.com>"));
        assertTrue(e.getMessage().contains("Contact"), e.getMessage());
    }

    @Test
    void systemAddressHeaderCannotBeSetAsAddressOnInvite() throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        Address a = AddressParser.parse("<sip:x@example.com>");
        assertThrows(IllegalArgumentException.class, () -> invite.setAddressHeader("Contact", a));
        assertThrows(IllegalArgumentException.class, () -> invite.addAddressHeader("Route", a, true));
        assertThrows(IllegalArgumentException.class, () -> invite.setAddressHeader("f", a));
    }

    @Test
    void contactIsWritableOnRegister() throws Exception {
        SipServletRequestImpl register = outgoing("REGISTER");
        register.setHeader("Contact", "<sip:bob@192.0.2.4>;expires=60");
        register.addHeader("m", "<sip:bob@198.51.100.7>");
        List<Address> contacts = register.getAddressHeaderList("Contact");
        assertEquals(2, contacts.size());
        assertEquals("sip:bob@192.0.2.4", contacts.get(0).getURI().toString());
        assertEquals(60, contacts.get(0).getExpires());
        assertEquals("sip:bob@198.51.100.7", contacts.get(1).getURI().toString());
        register.removeHeader("Contact");
        assertNull(register.getHeader("Contact"));
    }

    @Test
    void contactIsWritableOn200ToOptionsAnd3xxButNotOn200ToInvite() throws Exception {
        SipServletRequestImpl options = t.receiveInitial(MessageTestSupport.options());
        SipServletResponse ok = options.createResponse(200);
        ok.setHeader("Contact", "<sip:bob@192.0.2.4>");
        assertEquals("sip:bob@192.0.2.4", ok.getAddressHeader("Contact").getURI().toString());

        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse redirect = invite.createResponse(302);
        redirect.setHeader("Contact", "<sip:bob@voicemail.example.com>");
        assertEquals("<sip:bob@voicemail.example.com>", redirect.getHeader("Contact"));

        SipServletResponse inviteOk = invite.createResponse(200);
        assertThrows(IllegalArgumentException.class, () -> inviteOk.setHeader("Contact", "<sip:evil@example.com>"));
        assertThrows(IllegalArgumentException.class, () -> inviteOk.setHeader("Via", "SIP/2.0/UDP h;branch=z9hG4bKx"));
    }

    @Test
    void ordinaryHeadersAreWritable() throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        invite.setHeader("X-Foo", "one");
        invite.addHeader("X-Foo", "two");
        assertEquals(List.of("one", "two"), invite.getHeaderList("X-Foo"));
        invite.setHeader("X-Foo", "three");
        assertEquals(List.of("three"), invite.getHeaderList("x-foo"));
        invite.setHeader("Subject", "Lunch");
        assertEquals("Lunch", invite.getHeader("Subject"));
        invite.removeHeader("X-Foo");
        assertNull(invite.getHeader("X-Foo"));
        invite.removeHeader("s");
        assertNull(invite.getHeader("Subject"));
    }

    @Test
    void compactNamesReadAndWriteTheFullHeader() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertEquals(MessageTestSupport.CALL_ID, invite.getHeader("i"));
        assertEquals(invite.getHeader("From"), invite.getHeader("f"));
        assertEquals("<sip:alice@pc33.atlanta.example.com>", invite.getHeader("m"));
        assertEquals(invite.getHeaderList("Via"), invite.getHeaderList("v"));

        SipServletRequestImpl outgoing = outgoing("MESSAGE");
        outgoing.setHeader("s", "Lunch");
        assertEquals("Lunch", outgoing.getHeader("Subject"));
        assertTrue(outgoing.jainRequest().encode().contains("Lunch"));
    }

    @Test
    void fromTagCannotBeChangedThroughGetFrom() throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        String tag = invite.getFrom().getParameter("tag");
        assertNotNull(tag);
        assertThrows(IllegalStateException.class, () -> invite.getFrom().setParameter("tag", "forged"));
        assertThrows(IllegalStateException.class, () -> invite.getFrom().removeParameter("tag"));
        assertEquals(tag, invite.getFrom().getParameter("tag"));
    }

    @Test
    void toTagCannotBeChangedThroughGetTo() throws Exception {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        SipServletResponse ok = invite.createResponse(200);
        String tag = ok.getTo().getParameter("tag");
        assertThrows(IllegalStateException.class, () -> ok.getTo().setParameter("tag", "forged"));
        assertEquals(tag, ok.getTo().getParameter("tag"));
        assertThrows(IllegalStateException.class, () -> invite.getTo().setParameter("tag", "forged"));
    }

    @Test
    void fromDisplayNameCannotBeChangedOnReceivedRequest() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        assertThrows(IllegalStateException.class, () -> invite.getFrom().setDisplayName("Mallory"));
        assertEquals("Alice", invite.getFrom().getDisplayName());
    }

    @Test
    void fromDisplayNameChangedOnUncommittedRequestIsSent() throws Exception {
        SipServletRequestImpl invite = outgoing("INVITE");
        String tag = invite.getFrom().getParameter("tag");
        invite.getFrom().setDisplayName("Alice Cooper");
        assertEquals("Alice Cooper", invite.getFrom().getDisplayName());
        invite.send();

        assertEquals(1, t.outbound.requests.size());
        javax.sip.header.FromHeader sent = t.outbound.requests.get(0).getFrom();
        assertEquals("Alice Cooper", sent.getAddress().getDisplayName());
        assertEquals(tag, sent.getTag());
        assertEquals("sip:alice@atlanta.example.com", sent.getAddress().getURI().toString());
    }
}
