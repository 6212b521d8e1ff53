package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.sip.ServletParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterableImplTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "application/sdp",
        "application/sdp;level=1",
        "SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw",
        "session;handling=required",
        "multipart/mixed;boundary=\"simple boundary\"",
        "<http://www.example.com/alice/photo.jpg;x=y>;purpose=icon",
        "120;duration=60",
        "active;expires=3600",
    })
    void valuePrintsAsWritten(String text) throws ServletParseException {
        ParameterableImpl value = ParameterableImpl.parse(text);
        assertEquals(text, value.toString());
        assertEquals(value, ParameterableImpl.parse(value.toString()));
    }

    @Test
    void valueEndsAtTheFirstSemicolonOutsideQuotesAndAngleBrackets() throws ServletParseException {
        ParameterableImpl callInfo = ParameterableImpl.parse("<http://www.example.com/a.jpg;x=y> ;purpose = icon");
        assertEquals("<http://www.example.com/a.jpg;x=y>", callInfo.getValue());
        assertEquals("icon", callInfo.getParameter("purpose"));
        assertNull(callInfo.getParameter("x"));

        ParameterableImpl via = ParameterableImpl.parse("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776;received=192.0.2.2");
        assertEquals("SIP/2.0/UDP 192.0.2.1:5060", via.getValue());
        assertEquals("z9hG4bK776", via.getParameter("BRANCH"));
        assertEquals("192.0.2.2", via.getParameter("received"));

        ParameterableImpl quoted = ParameterableImpl.parse("multipart/mixed;boundary=\"a;b\"");
        assertEquals("a;b", quoted.getParameter("boundary"));
    }

    @Test
    void parametersAreOrderedCaseInsensitiveAndEditable() throws ServletParseException {
        ParameterableImpl ct = ParameterableImpl.parse("text/plain;Charset=UTF-8;format=flowed");
        assertEquals("UTF-8", ct.getParameter("charset"));
        List<String> names = new ArrayList<>();
        ct.getParameterNames().forEachRemaining(names::add);
        assertEquals(List.of("Charset", "format"), names);
        assertEquals(names, new ArrayList<>(ct.getParameterNameSet()));
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : ct.getParameters()) {
            entries.add(e.getKey() + "=" + e.getValue());
        }
        assertEquals(List.of("Charset=UTF-8", "format=flowed"), entries);
        ct.setParameter("CHARSET", "ISO-8859-1");
        ct.setParameter("delsp", "");
        ct.setParameter("format", null);
        ct.setValue("text/html");
        assertEquals("text/html;Charset=ISO-8859-1;delsp", ct.toString());
        ct.removeParameter("charset");
        assertEquals("text/html;delsp", ct.toString());
    }

    @Test
    void equalityIgnoresCaseAndParameterOrder() throws ServletParseException {
        assertEquals(ParameterableImpl.parse("application/SDP;level=1;x=A"), ParameterableImpl.parse("Application/sdp;X=a;LEVEL=1"));
        assertEquals(ParameterableImpl.parse("application/SDP;level=1;x=A").hashCode(),
                ParameterableImpl.parse("Application/sdp;X=a;LEVEL=1").hashCode());
        assertNotEquals(ParameterableImpl.parse("application/sdp;level=1"), ParameterableImpl.parse("application/sdp"));
        assertNotEquals(ParameterableImpl.parse("application/sdp;level=1"), ParameterableImpl.parse("application/sdp;level=2"));
    }

    @Test
    void readOnlyValueRejectsModificationAndCloneIsWritable() throws ServletParseException {
        ParameterableImpl via = ParameterableImpl.parse("SIP/2.0/UDP host;branch=z9hG4bK1");
        via.setReadOnly();
        assertTrue(via.isReadOnly());
        assertThrows(IllegalStateException.class, () -> via.setValue("SIP/2.0/TCP host"));
        assertThrows(IllegalStateException.class, () -> via.setParameter("branch", "z9hG4bK2"));
        assertThrows(IllegalStateException.class, () -> via.removeParameter("branch"));
        ParameterableImpl copy = via.clone();
        copy.setParameter("branch", "z9hG4bK2");
        assertEquals("SIP/2.0/UDP host;branch=z9hG4bK2", copy.toString());
        assertEquals("SIP/2.0/UDP host;branch=z9hG4bK1", via.toString());
    }

    @Test
    void malformedParametersAreRejected() {
        assertThrows(ServletParseException.class, () -> ParameterableImpl.parse("text/plain;;x=1"));
        assertThrows(ServletParseException.class, () -> ParameterableImpl.parse("text/plain;x="));
        assertThrows(ServletParseException.class, () -> ParameterableImpl.parse("text/plain;x=\"open"));
        assertThrows(IllegalArgumentException.class, () -> new ParameterableImpl("a\r\nb"));
    }
}
