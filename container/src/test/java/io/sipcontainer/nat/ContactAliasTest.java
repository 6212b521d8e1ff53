package io.sipcontainer.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ContactAliasTest {

    @Test
    void encodesAddressPortAndKamailiosProtocolDigit() {
        assertEquals("203.0.113.5~40312~1", new ContactAlias("203.0.113.5", 40312, "UDP").encode());
        assertEquals("203.0.113.5~5061~3", new ContactAlias("203.0.113.5", 5061, "tls").encode());
        assertEquals("203.0.113.5~8080~5", new ContactAlias("203.0.113.5", 8080, "ws").encode());
    }

    @Test
    void bracketsIpv6() {
        assertEquals("[2001:db8::7]~5060~2", new ContactAlias("2001:db8::7", 5060, "tcp").encode());
        assertEquals("[2001:db8::7]~5060~2", new ContactAlias("[2001:db8::7]", 5060, "tcp").encode());
    }

    @Test
    void decodesWhatItEncodesIpv4AndIpv6() {
        for (ContactAlias a : new ContactAlias[] { new ContactAlias("198.51.100.1", 1024, "udp"),
                new ContactAlias("2001:db8::7", 5060, "tcp"), new ContactAlias("::1", 65535, "wss") }) {
            assertEquals(a, ContactAlias.decode(a.encode()));
        }
    }

    @Test
    void decodesAnUnbracketedIpv6AliasAsSomeClientsWriteIt() {
        assertEquals(new ContactAlias("2001:db8::7", 5060, "udp"), ContactAlias.decode("2001:db8::7~5060~1"));
    }

    @Test
    void theDestinationIsWhereKamailioSetsDu() {
        assertEquals("sip:203.0.113.5:40312", ContactAlias.decode("203.0.113.5~40312~1").destination());
        assertEquals("sip:[2001:db8::7]:5060;transport=tcp", ContactAlias.decode("[2001:db8::7]~5060~2").destination());
    }

    @Test
    void refusesMalformedValues() {
        assertNull(ContactAlias.decode("203.0.113.5~40312"));
        assertNull(ContactAlias.decode("203.0.113.5~0~1"));
        assertNull(ContactAlias.decode("203.0.113.5~70000~1"));
        assertNull(ContactAlias.decode("203.0.113.5~5060~9"));
        assertNull(ContactAlias.decode("~5060~1"));
        assertNull(ContactAlias.decode("a b~5060~1"));
        assertNull(ContactAlias.decode("203.0.113.5~x~1"));
    }
}
