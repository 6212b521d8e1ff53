package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

class VersionKeepingParserFactoryTest {

    private static String request(String version) {
        return ("OPTIONS sip:server@127.0.0.1 " + version + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-version\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:server@127.0.0.1>\r\n"
                + "From: <sip:phone@127.0.0.1>;tag=ph1\r\n"
                + "Call-ID: version-test\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    private static SIPMessage parse(String text) throws Exception {
        return new VersionKeepingParserFactory().createMessageParser(null)
                .parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    @Test
    void jainSipAloneRecordsAnyVersionAsSip20() throws Exception {
        // the reason this factory exists: if JAIN-SIP ever keeps the version itself, it can go
        SIPRequest parsed = (SIPRequest) new StringMsgParser()
                .parseSIPMessage(request("SIP/3.0").getBytes(StandardCharsets.UTF_8), true, false, null);
        assertEquals("SIP/2.0", parsed.getRequestLine().getSipVersion());
    }

    @Test
    void anUnknownVersionIsKept() throws Exception {
        assertEquals("SIP/3.0", ((SIPRequest) parse(request("SIP/3.0"))).getRequestLine().getSipVersion());
        assertEquals("SIP/7.0", ((SIPRequest) parse("\r\n\r\n" + request("SIP/7.0"))).getRequestLine().getSipVersion(),
                "after leading CRLFs too (RFC 4475 badvers)");
    }

    @Test
    void sip20InAnyCaseStaysJainSipsSip20() throws Exception {
        assertEquals("SIP/2.0", ((SIPRequest) parse(request("SIP/2.0"))).getRequestLine().getSipVersion());
        assertEquals("SIP/2.0", ((SIPRequest) parse(request("sip/2.0"))).getRequestLine().getSipVersion());
    }

    @Test
    void responsesParseAsBefore() throws Exception {
        SIPResponse response = assertInstanceOf(SIPResponse.class, parse("""
                SIP/2.0 200 OK\r
                Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-version\r
                To: <sip:server@127.0.0.1>;tag=s\r
                From: <sip:phone@127.0.0.1>;tag=ph1\r
                Call-ID: version-test\r
                CSeq: 1 OPTIONS\r
                Content-Length: 0\r
                \r
                """));
        assertEquals(200, response.getStatusCode());
    }
}
