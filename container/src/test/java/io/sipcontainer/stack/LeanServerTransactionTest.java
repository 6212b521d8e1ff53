package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The part of a request a finished server transaction parses back, instead of the whole request. */
class LeanServerTransactionTest {

    private static final String REGISTER = """
            REGISTER sip:example.com SIP/2.0\r
            v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-lean;rport\r
            Max-Forwards: 70\r
            From: "Alice" <sip:alice@example.com>;tag=a1\r
            TO : <sip:alice@example.com>\r
            Contact: <sip:alice@192.0.2.1:5060>;expires=3600,\r
             <sip:alice@192.0.2.1:5062>\r
            i: lean-1@192.0.2.1\r
            CSeq: 7\r
             REGISTER\r
            User-Agent: phone\r
            Content-Type: text/plain\r
            Content-Length: 5\r
            \r
            hello""";

    @Test
    void keepsTheRequestLineAndTheHeadersNamingTheTransactionWithTheirContinuations() {
        String part = new String(LeanServerTransaction.identifyingPart(REGISTER.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertEquals("""
                REGISTER sip:example.com SIP/2.0\r
                v: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-lean;rport\r
                From: "Alice" <sip:alice@example.com>;tag=a1\r
                TO : <sip:alice@example.com>\r
                i: lean-1@192.0.2.1\r
                CSeq: 7\r
                 REGISTER\r
                \r
                """, part);
    }

    @Test
    void thePartParsesToTheSameMergeIdSentByAndFromTagAsTheWholeRequest() throws Exception {
        byte[] whole = REGISTER.getBytes(StandardCharsets.UTF_8);
        SIPRequest full = (SIPRequest) new StringMsgParser().parseSIPMessage(whole, true, false, null);
        SIPRequest lean = (SIPRequest) new StringMsgParser()
                .parseSIPMessage(LeanServerTransaction.identifyingPart(whole), false, false, null);
        assertEquals(full.getMergeId(), lean.getMergeId());
        assertEquals(full.getTopmostVia().getSentBy(), lean.getTopmostVia().getSentBy());
        assertEquals(full.getFromTag(), lean.getFromTag());
        assertEquals(full.getTransactionId(), lean.getTransactionId());
        assertNull(lean.getContactHeader());
    }

    @Test
    void aMessageWithoutAnEmptyLineEndsWithOne() {
        String part = new String(LeanServerTransaction.identifyingPart(
                "OPTIONS sip:a@b SIP/2.0\nCall-ID: x\nAccept: */*".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertEquals("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n", part);
    }
}
