package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sip.SipFactory;
import javax.sip.header.WWWAuthenticateHeader;

import org.junit.jupiter.api.Test;

class DigestCredentialsTest {

    private static WWWAuthenticateHeader challenge(String value) throws Exception {
        return (WWWAuthenticateHeader) SipFactory.getInstance().createHeaderFactory()
                .createHeader("WWW-Authenticate", value);
    }

    @Test
    void answersTheRfc2617ExampleChallenge() throws Exception {
        WWWAuthenticateHeader c = challenge("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        String h = DigestCredentials.authorization(c, new DigestCredentials.Entry(401, "testrealm@host.com", "Mufasa",
                "Circle Of Life"), "GET", "/dir/index.html", "0a4f113b");
        assertTrue(h.contains("response=\"6629fae49393a05397450978507c4ef1\""), h);
        assertTrue(h.contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\""), h);
        assertTrue(h.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""), h);
    }

    @Test
    void withoutQopTheResponseHashesNonceAndHa2Only() throws Exception {
        WWWAuthenticateHeader c = challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256");
        String h = DigestCredentials.authorization(c, new DigestCredentials.Entry(401, "r", "u", "p"), "REGISTER",
                "sip:example.org", "x");
        String ha1 = DigestCredentials.hex("SHA-256", "u:r:p");
        String ha2 = DigestCredentials.hex("SHA-256", "REGISTER:sip:example.org");
        assertTrue(h.contains("response=\"" + DigestCredentials.hex("SHA-256", ha1 + ":n:" + ha2) + "\""), h);
        assertTrue(h.contains("algorithm=SHA-256") && !h.contains("qop"), h);
    }

    @Test
    void anUnknownAlgorithmIsNotAnswered() throws Exception {
        WWWAuthenticateHeader c = challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256");
        assertNull(DigestCredentials.authorization(c, new DigestCredentials.Entry(401, "r", "u", "p"), "INVITE",
                "sip:a@b", "x"));
    }

    @Test
    void credentialsAnswerOnly401Or407() {
        assertThrows(IllegalArgumentException.class, () -> new DigestCredentials().addAuthInfo(403, "r", "u", "p"));
    }
}
