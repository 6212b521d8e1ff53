package io.sipcontainer.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** Kamailio's handshake verdicts, header by header (checked against Kamailio 5.6.3 on loopback). */
class HandshakeCheckTest {

    private static HttpFields.Mutable valid() {
        return HttpFields.build().add("Host", "example.com").add("Upgrade", "websocket").add("Connection", "keep-alive, Upgrade")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").add("Sec-WebSocket-Version", "13")
                .add("Sec-WebSocket-Protocol", "sip");
    }

    @Test
    void allRequiredHeadersWithSipAreAccepted() {
        assertTrue(HandshakeCheck.check(valid()).accepted());
        assertTrue(HandshakeCheck.check(valid().put("Sec-WebSocket-Protocol", "msrp, SIP")).accepted());
    }

    @Test
    void aMissingHeaderOrNoSipSubProtocolGets400WithBothHints() {
        assertEquals(HandshakeCheck.INCOMPLETE, HandshakeCheck.check(valid().remove("Sec-WebSocket-Protocol")));
        assertEquals(HandshakeCheck.INCOMPLETE, HandshakeCheck.check(valid().put("Sec-WebSocket-Protocol", "sipx")));
        assertEquals(HandshakeCheck.INCOMPLETE, HandshakeCheck.check(valid().remove("Sec-WebSocket-Key")));
        assertEquals(HandshakeCheck.INCOMPLETE, HandshakeCheck.check(valid().put("Connection", "keep-alive")));
        assertEquals(HandshakeCheck.INCOMPLETE, HandshakeCheck.check(valid().remove("Sec-WebSocket-Version")));
        assertEquals(400, HandshakeCheck.INCOMPLETE.status());
        assertEquals(2, HandshakeCheck.INCOMPLETE.headers().size());
    }

    @Test
    void aSecondKeyVersionOrOriginGetsABare400() {
        assertEquals(HandshakeCheck.DUPLICATE, HandshakeCheck.check(valid().add("Sec-WebSocket-Key", "x")));
        assertEquals(HandshakeCheck.DUPLICATE, HandshakeCheck.check(valid().add("Sec-WebSocket-Version", "13")));
        assertEquals(HandshakeCheck.DUPLICATE,
                HandshakeCheck.check(valid().add("Origin", "https://a.example").add("Origin", "https://b.example")));
        assertTrue(HandshakeCheck.DUPLICATE.headers().isEmpty());
    }

    @Test
    void aVersionOtherThan13Gets426EvenWhenOtherHeadersAreMissing() {
        HandshakeCheck.Verdict v = HandshakeCheck.check(HttpFields.build().add("Sec-WebSocket-Version", "8"));
        assertEquals(426, v.status());
        assertFalse(v.accepted());
        assertEquals("13", v.headers().get(0).getValue());
    }
}
