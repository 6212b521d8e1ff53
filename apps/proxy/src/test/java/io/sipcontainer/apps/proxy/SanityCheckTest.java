package io.sipcontainer.apps.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jakarta.servlet.sip.SipServletRequest;

/**
 * sanity_check("17895", "7") and the other bits on requests parsed by JAIN-SIP, i.e. on what the
 * stack lets through to the application. Reasons are Kamailio's, checked against Kamailio 5.6.
 */
class SanityCheckTest {
    private final TestMessages messages = new TestMessages();
    private final SanityCheck defaults = new SanityCheck(17895, 7, Set.of());
    private final SanityCheck everything = new SanityCheck(SanityCheck.ALL, 15, Set.of("path"));

    private static final String BOB = "sip:bob@" + TestMessages.HOST;

    @Test
    void aWellFormedRequestPasses() {
        assertNull(defaults.check(messages.request("INVITE", BOB, "Max-Forwards: 70\nExpires: 120\n", "v=0\r\n")));
        assertNull(everything.check(messages.request("MESSAGE", BOB, "Proxy-Require: path\nContact: <sip:c@h>\n")));
    }

    @Test
    void cseqMethodMustMatchTheRequestMethod() {
        SipServletRequest req = messages.receive(TestMessages.text("INVITE", BOB, "", "").replace("CSeq: 1 INVITE",
                "CSeq: 1 BYE"));
        assertReply(400, "CSeq method does not match request method", defaults.check(req));
    }

    @Test
    void cseqNumbersUpToThirtyTwoBitsPass() {
        SipServletRequest req = messages.receive(TestMessages.text("INVITE", BOB, "", "").replace("CSeq: 1 INVITE",
                "CSeq: 2147483648 INVITE"));
        assertNull(defaults.check(req));
    }

    @Test
    void headersTheStackCannotParseNeverReachTheCheck() {
        // JAIN-SIP leaves out an Expires or CSeq it cannot parse; sanity then sees no Expires (fine)
        // or no CSeq (the transaction headers are incomplete: dropped)
        assertNull(defaults.check(messages.request("INVITE", BOB, "Expires: abc\n")));
        SipServletRequest badCseq = messages.receive(TestMessages.text("INVITE", BOB, "", "").replace("CSeq: 1 INVITE",
                "CSeq: 4294967296 INVITE"));
        assertSame(Outcome.DROP, defaults.check(badCseq));
    }

    @Test
    void unknownRequestUriSchemeIsABadRequestUri() {
        assertReply(400, "Bad Request URI", defaults.check(messages.request("INVITE", "http://example.com/x", "")));
        assertNull(defaults.check(messages.request("INVITE", "tel:+15551234", "")), "tel is a SIP scheme to Kamailio");
    }

    @Test
    void proxyRequireIsCheckedOnlyWhenAsked() {
        SipServletRequest req = messages.request("INVITE", BOB, "Proxy-Require: foo, path\n");
        assertNull(defaults.check(req), "the default configuration does not check Proxy-Require");
        Outcome o = everything.check(req);
        assertReply(420, "Bad Proxy Require Extension", o);
        assertEquals(Map.of("Unsupported", "foo"), ((Outcome.Respond) o).headers());
    }

    @Test
    void fromAndToMustBeSipishUris() {
        SipServletRequest badFrom = messages.receive(TestMessages.text("INVITE", BOB, "", "")
                .replace("From: <sip:carol@198.51.100.7>", "From: <http://carol.example.com/>"));
        assertReply(400, "Invalid From Header", defaults.check(badFrom));
        SipServletRequest badTo = messages.receive(TestMessages.text("INVITE", BOB, "", "")
                .replace("To: <" + BOB + ">", "To: <mailto:bob@example.com>"));
        assertReply(400, "Ivalid To Header", defaults.check(badTo));
    }

    @Test
    void contactUriIsCheckedWithUriBitEight() {
        SipServletRequest req = messages.request("INVITE", BOB, "Contact: <http://c.example.com/>\n");
        assertNull(defaults.check(req));
        assertReply(400, "Bad Contact URI", everything.check(req));
        assertNull(everything.check(messages.request("REGISTER", "sip:" + TestMessages.HOST, "Contact: *\nExpires: 0\n")));
    }

    @Test
    void digestCredentialsNeedUserNonceAndResponse() {
        String incomplete = "Proxy-Authorization: Digest username=\"alice\", realm=\"r\", nonce=\"n\", uri=\"" + BOB
                + "\"\n";
        assertNull(defaults.check(messages.request("INVITE", BOB, incomplete)));
        assertReply(400, "Bad Auth Credentials", everything.check(messages.request("INVITE", BOB, incomplete)));
        String emptyUser = "Authorization: Digest username=\"\", realm=\"r\", nonce=\"n\", uri=\"" + BOB
                + "\", response=\"0123\"\n";
        assertReply(400, "Auth Empty User", everything.check(messages.request("INVITE", BOB, emptyUser)));
        String good = "Authorization: Digest username=\"alice\", realm=\"r\", nonce=\"n\", uri=\"" + BOB
                + "\", response=\"0123\", qop=auth, nc=00000001, cnonce=\"x, y\"\n";
        assertNull(everything.check(messages.request("INVITE", BOB, good)));
    }

    @Test
    void nonDigestCredentialsAreDroppedByBit2048AndPassBit8192() {
        SipServletRequest basic = messages.request("INVITE", BOB, "Authorization: Basic YWxpY2U6cHc=\n");
        assertSame(Outcome.DROP, new SanityCheck(SanityCheck.DIGEST, 0, Set.of()).check(basic));
        assertNull(new SanityCheck(SanityCheck.AUTHORIZATION, 0, Set.of()).check(basic));
    }

    @Test
    void failuresOfAnAckAreDroppedNotAnswered() {
        SipServletRequest ack = messages.receive(TestMessages.text("ACK", BOB, "", "").replace("CSeq: 1 ACK",
                "CSeq: 1 INVITE"));
        assertSame(Outcome.DROP, defaults.check(ack));
    }

    @Test
    void tagsAreCountedInTheHeaderParametersOnly() {
        assertEquals(1, SanityCheck.tagCount("<sip:a@b;tag=uri-param>;tag=1"));
        assertEquals(2, SanityCheck.tagCount("<sip:a@b>;tag=1;TAG = 2"));
        assertEquals(0, SanityCheck.tagCount("sip:a@b"));
    }

    @Test
    void unsignedNumbersFollowKamailio() {
        assertTrue(SanityCheck.validUnsigned("0"));
        assertTrue(SanityCheck.validUnsigned("4294967295"));
        assertEquals(false, SanityCheck.validUnsigned("4294967296"));
        assertEquals(false, SanityCheck.validUnsigned("-1"));
        assertEquals(false, SanityCheck.validUnsigned("12a"));
    }

    static void assertReply(int status, String reason, Outcome outcome) {
        assertReply(status, reason, outcome, "");
    }

    static void assertReply(int status, String reason, Outcome outcome, String why) {
        assertTrue(outcome instanceof Outcome.Respond, why + ": expected a reply, got " + outcome);
        Reply reply = ((Outcome.Respond) outcome).reply();
        assertEquals(status, reply.status(), why + ": status of " + reply);
        assertEquals(reason, reply.reason(), why);
    }
}
