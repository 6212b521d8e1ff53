package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.Parameterable;
import jakarta.servlet.sip.ServletParseException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Headers with several values keep their order; address and parameterable views parse each. */
class MultiValuedHeadersTest {
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

    private static <T> List<T> list(ListIterator<? extends T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void receivedViasKeepTheirOrder() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        List<String> vias = invite.getHeaderList("Via");
        assertEquals(2, vias.size());
        assertTrue(vias.get(0).contains("proxy.example.com"), vias.get(0));
        assertTrue(vias.get(1).contains("pc33.atlanta.example.com"), vias.get(1));
        assertEquals(vias, list(invite.getHeaders("Via")));
        assertEquals(vias.get(0), invite.getHeader("Via"));
    }

    @Test
    void addedHeadersKeepTheirOrder() throws Exception {
        SipServletRequestImpl m = outgoing("MESSAGE");
        m.addHeader("X-Foo", "first");
        m.addHeader("X-Foo", "second");
        m.addHeader("x-foo", "third");
        assertEquals(List.of("first", "second", "third"), m.getHeaderList("X-Foo"));
        assertEquals(List.of("first", "second", "third"), list(m.getHeaders("X-FOO")));
        assertEquals("first", m.getHeader("X-Foo"));
    }

    @Test
    void headerListsAreReadOnly() throws Exception {
        SipServletRequestImpl m = outgoing("MESSAGE");
        m.addHeader("X-Foo", "first");
        assertThrows(UnsupportedOperationException.class, () -> m.getHeaderList("X-Foo").add("x"));
        ListIterator<String> it = m.getHeaders("X-Foo");
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
    }

    @Test
    void missingHeaderGivesEmptyListAndNull() throws Exception {
        SipServletRequestImpl m = outgoing("MESSAGE");
        assertNull(m.getHeader("X-None"));
        assertTrue(m.getHeaderList("X-None").isEmpty());
        assertFalse(m.getHeaders("X-None").hasNext());
        assertNull(m.getAddressHeader("Reply-To"));
        assertNull(m.getParameterableHeader("Event"));
    }

    @Test
    void addressHeadersParseEachContactInOrder() throws Exception {
        SipServletRequestImpl register = t.receiveInitial(MessageTestSupport.register());
        List<Address> contacts = list(register.getAddressHeaders("Contact"));
        assertEquals(3, contacts.size());
        assertEquals("sip:bob@192.0.2.4", contacts.get(0).getURI().toString());
        assertEquals(0.7f, contacts.get(0).getQ(), 0.0001f);
        assertEquals(3600, contacts.get(0).getExpires());
        assertEquals("Bob Mobile", contacts.get(1).getDisplayName());
        assertEquals("sip:bob@198.51.100.7:5070", contacts.get(1).getURI().toString());
        assertEquals(0.3f, contacts.get(1).getQ(), 0.0001f);
        assertEquals("sip:bob@203.0.113.9;transport=tcp", contacts.get(2).getURI().toString());
        assertEquals(contacts, register.getAddressHeaderList("m"));
        assertEquals(contacts.get(0), register.getAddressHeader("Contact"));
    }

    @Test
    void addressHeadersOfReceivedMessageAreReadOnly() throws Exception {
        SipServletRequestImpl register = t.receiveInitial(MessageTestSupport.register());
        Address first = register.getAddressHeader("Contact");
        assertThrows(IllegalStateException.class, () -> first.setDisplayName("Mallory"));
        assertThrows(IllegalStateException.class, () -> first.setParameter("expires", "0"));
    }

    @Test
    void parameterableHeaderExposesValueAndParameters() throws Exception {
        SipServletRequestImpl m = outgoing("SUBSCRIBE");
        m.setHeader("Event", "presence;id=7");
        Parameterable event = m.getParameterableHeader("Event");
        assertEquals("presence", event.getValue());
        assertEquals("7", event.getParameter("id"));
        assertEquals(event.getValue(), m.getParameterableHeader("o").getValue());
    }

    @Test
    void parameterableHeadersKeepTheirOrder() throws Exception {
        SipServletRequestImpl m = outgoing("MESSAGE");
        m.addHeader("X-Thing", "alpha;a=1");
        m.addHeader("X-Thing", "beta;b=2;c");
        List<? extends Parameterable> things = m.getParameterableHeaderList("X-Thing");
        assertEquals(2, things.size());
        assertEquals("alpha", things.get(0).getValue());
        assertEquals("1", things.get(0).getParameter("a"));
        assertEquals("beta", things.get(1).getValue());
        assertEquals("2", things.get(1).getParameter("b"));
        assertEquals("", things.get(1).getParameter("c"));
    }

    @Test
    void headerNamesListTheMessageHeaders() {
        SipServletRequestImpl invite = t.receiveInitial(MessageTestSupport.invite());
        List<String> names = invite.getHeaderNameList();
        for (String expected : List.of("Via", "From", "To", "Call-ID", "CSeq", "Contact", "Record-Route")) {
            assertTrue(names.stream().anyMatch(expected::equalsIgnoreCase), expected + " in " + names);
        }
        assertEquals(names.size(), names.stream().map(String::toLowerCase).distinct().count(), "no duplicates");
    }
}
