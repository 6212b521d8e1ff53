package io.sipcontainer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

/**
 * The 408 a transaction timeout gives: a proxy forwards it upstream as its own answer, so it must
 * carry a To tag (RFC 3261 8.2.6.2). Seen under load: an INVITE whose branch got no reply at all
 * (Timer B) reached the caller as "408 Request timeout" without one.
 */
class TimeoutResponseTest {

    private static SIPRequest invite(String toTag) throws Exception {
        String text = ("INVITE sip:uas@127.0.0.1:5090 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-timeout-1\r\n"
                + "Max-Forwards: 69\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=c1\r\n"
                + "To: <sip:uas@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: timeout-test\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n");
        return (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    @Test
    void aTimeoutOfAnInitialRequestIsA408WithAToTagOfOurs() throws Exception {
        SIPResponse timeout = MessagePath.timeoutResponse(invite(null));
        assertEquals(408, timeout.getStatusCode());
        assertEquals("Request Timeout", timeout.getReasonPhrase());
        assertNotNull(timeout.getToTag(), "RFC 3261 8.2.6.2: a response made here carries a To tag");
        assertNotEquals(MessagePath.timeoutResponse(invite(null)).getToTag(), timeout.getToTag(), "a new tag each time");
    }

    @Test
    void anInDialogRequestKeepsItsDialogsToTag() throws Exception {
        assertEquals("uas1", MessagePath.timeoutResponse(invite("uas1")).getToTag());
    }
}
