package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing Authorization / Proxy-Authorization values. */
class DigestCredentialsTest {

    @Test
    void parsesQuotedAndTokenValuesKeepingTheExactStrings() {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"alice\",realm=\"example.com\", "
                + "nonce=\"abc\" , uri=\"sip:example.com;transport=UDP\", response=\"0123abcd\", "
                + "algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"x y\", opaque=\"o\"");
        assertEquals("alice", c.username());
        assertEquals("example.com", c.realm());
        assertEquals("abc", c.nonce());
        assertEquals("sip:example.com;transport=UDP", c.uri());
        assertEquals("0123abcd", c.response());
        assertEquals("SHA-256", c.algorithm());
        assertEquals("auth", c.qop());
        assertEquals("00000001", c.nc());
        assertEquals("x y", c.cnonce());
        assertEquals("o", c.opaque());
        assertTrue(c.isComplete());
    }

    @Test
    void unescapesQuotedPairsAndAcceptsAnyCaseOfSchemeAndNames() {
        DigestCredentials c = DigestCredentials.parse("digest USERNAME=\"a\\\"b\", Realm=\"r\\\\s\"");
        assertEquals("a\"b", c.username());
        assertEquals("r\\s", c.realm());
        assertFalse(c.isComplete(), "nonce, uri and response are missing");
    }

    @Test
    void usernameWithDomainIsSplitForTheLookup() {
        DigestCredentials c = DigestCredentials.parse("Digest username=\"alice@example.com\"");
        assertEquals("alice", c.user());
        assertEquals("example.com", c.userDomain());
        assertNull(DigestCredentials.parse("Digest username=\"bob\"").userDomain());
    }

    @Test
    void qopRequiresNcAndCnonce() {
        DigestCredentials c = DigestCredentials.parse(
                "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\", qop=auth");
        assertFalse(c.isComplete());
    }

    @Test
    void otherSchemesAndMalformedListsGiveNull() {
        assertNull(DigestCredentials.parse("Basic YWxhZGRpbjpvcGVuc2VzYW1l"));
        assertNull(DigestCredentials.parse("Digest"));
        assertNull(DigestCredentials.parse("Digestusername=\"a\""));
        assertNull(DigestCredentials.parse("Digest username=\"a"), "unterminated quote");
        assertNull(DigestCredentials.parse("Digest username=\"a\", username=\"b\""), "repeated parameter");
        assertNull(DigestCredentials.parse("Digest username"), "name without value");
        assertNull(DigestCredentials.parse("Digest nc=1 x"), "garbage after a value");
        assertNull(DigestCredentials.parse(null));
    }
}
