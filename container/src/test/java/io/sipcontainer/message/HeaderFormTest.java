package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipServletMessage.HeaderForm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The header form an application chooses decides the header names put on the wire. */
class HeaderFormTest {
    private final MessageTestSupport t = new MessageTestSupport();

    @AfterEach
    void stopScheduler() {
        t.context.close();
    }

    private SipServletRequestImpl outgoing() throws ServletParseException {
        SipServletRequestImpl r = RequestBuilder.initial(t.services, t.newSession(MessageTestSupport.CALL_ID), "MESSAGE",
                AddressParser.parse("<sip:alice@atlanta.example.com>"),
                AddressParser.parse("<sip:bob@biloxi.example.com>"), MessageTestSupport.CALL_ID);
        r.setHeader("Subject", "lunch");
        return r;
    }

    @Test
    void compactFormEncodesCompactNames() throws Exception {
        SipServletRequestImpl r = outgoing();
        r.setHeaderForm(HeaderForm.COMPACT);
        r.applyHeaderForm();
        String wire = r.jainMessage().encode();
        assertTrue(wire.contains("\r\ni: ") && wire.contains("\r\nf: ") && wire.contains("\r\nt: ")
                && wire.contains("\r\ns: lunch"), wire);
        assertFalse(wire.contains("Call-ID:"), wire);
    }

    @Test
    void longFormEncodesFullNamesOfAReceivedCompactMessage() throws Exception {
        SipServletRequestImpl r = outgoing();
        r.setHeaderForm(HeaderForm.COMPACT);
        r.applyHeaderForm();
        r.setHeaderForm(HeaderForm.LONG);
        r.applyHeaderForm();
        String wire = r.jainMessage().encode();
        assertTrue(wire.contains("\r\nCall-ID: ") && wire.contains("\r\nSubject: lunch"), wire);
    }

    @Test
    void defaultFormLeavesNamesAsBuilt() throws Exception {
        SipServletRequestImpl r = outgoing();
        r.applyHeaderForm();
        assertTrue(r.jainMessage().encode().contains("\r\nCall-ID: "));
    }
}
