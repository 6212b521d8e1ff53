package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.parser.StringMsgParser;
import io.sipcontainer.stack.logging.MalformedMessages;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

class ValidatingParserFactoryTest {
    private final MalformedMessages malformed = MalformedMessages.of("parser-test-" + System.nanoTime());

    private static final String HEAD = "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
            + "From: <sip:a@x>;tag=1\r\nTo: <sip:x@y>\r\nCall-ID: c1@x\r\n";

    private Object parse(String text) throws ParseException {
        return ValidatingParserFactory.parse(new StringMsgParser(), malformed,
                text.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    @Test
    void aRequestWithoutCSeqIsRefusedAndCountedWhereTheRiParserAcceptsIt() throws ParseException {
        String noCseq = HEAD + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        assertNotNull(new StringMsgParser().parseSIPMessage(noCseq.getBytes(StandardCharsets.UTF_8), true, false, null),
                "the RI parser lets it through, and its UDP channel then fails on it");
        ParseException e = assertThrows(ParseException.class, () -> parse(noCseq));
        assertEquals("Missing CSeq header", e.getMessage());
        assertEquals(1, malformed.count());
    }

    @Test
    void aCompleteRequestPassesUncounted() throws ParseException {
        assertNotNull(parse(HEAD + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(0, malformed.count());
    }

    @Test
    void theRefusalIsOneShortLineBecauseTheStackPutsItIntoTheReasonPhrase() {
        String bad = HEAD + "CSeq: not-a-number OPTIONS\r\nContent-Length: 0\r\n\r\n";
        ParseException e = assertThrows(ParseException.class, () -> parse(bad));
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
        assertTrue(e.getMessage().length() <= 130, e.getMessage());
        assertEquals(1, malformed.count());
    }

    @Test
    void anUnparsableContactRefusesTheMessageWhereTheRiWouldDropTheHeaderSilently() throws ParseException {
        String bad = HEAD.replace("OPTIONS", "REGISTER") + "CSeq: 1 REGISTER\r\nContact: garbage<<\r\n"
                + "Content-Length: 0\r\n\r\n";
        List<String> dropped = new ArrayList<>();
        ParseExceptionListener lenient = (e, message, headerClass, header, text) -> dropped.add(header);
        SIPMessage riResult = new StringMsgParser().parseSIPMessage(bad.getBytes(StandardCharsets.UTF_8), true, false,
                lenient);
        assertNull(riResult.getHeader("Contact"), "the RI drops the header and the REGISTER becomes a query");
        assertEquals(1, dropped.size(), dropped.toString());

        ParseException e = assertThrows(ParseException.class, () -> ValidatingParserFactory.parse(new StringMsgParser(),
                malformed, bad.getBytes(StandardCharsets.UTF_8), true, false, lenient));
        assertEquals("Bad Contact header", e.getMessage());
        assertEquals(1, malformed.count());
    }

    @Test
    void aViaWithAnRportThatIsNoPortIsRefusedBecauseEveryCopyOfItThrows() throws ParseException {
        String bad = "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;rport=192.0.2.5;branch=z9hG4bK1\r\n"
                + "From: <sip:a@x>;tag=1\r\nTo: <sip:x@y>\r\nCall-ID: c1@x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        gov.nist.javax.sip.message.SIPRequest riResult = (gov.nist.javax.sip.message.SIPRequest) new StringMsgParser()
                .parseSIPMessage(bad.getBytes(StandardCharsets.UTF_8), true, false, null);
        assertThrows(NumberFormatException.class, () -> riResult.createResponse(400),
                "the RI parser takes it, and the 400 it would answer with fails");
        ParseException e = assertThrows(ParseException.class, () -> parse(bad));
        assertEquals("Bad Via header", e.getMessage());
        assertNotNull(parse(bad.replace("rport=192.0.2.5", "rport=5070")));
        assertNotNull(parse(bad.replace("rport=192.0.2.5", "rport")));
    }

    @Test
    void aHeaderThatParsedToAnEmptyListIsDroppedBecauseReadingItsValueThrows() throws ParseException {
        String text = HEAD + "CSeq: 1 OPTIONS\r\nProxy-Require: \r\nSupported:\r\nContent-Length: 0\r\n\r\n";
        SIPMessage riResult = new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false,
                null);
        gov.nist.javax.sip.header.SIPHeader emptyList = null;
        for (var it = riResult.getHeaders(); it.hasNext();) {
            var h = it.next();
            emptyList = "Proxy-Require".equals(h.getHeaderName()) ? h : emptyList;
        }
        assertThrows(java.util.NoSuchElementException.class, emptyList::getHeaderValue,
                "the RI keeps an empty list whose value cannot be read");
        SIPMessage message = (SIPMessage) parse(text);
        assertNull(message.getHeader("Proxy-Require"));
        assertEquals(0, malformed.count(), "not a refusal");
    }
}
