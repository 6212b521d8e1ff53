package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipcontainer.transport.Admission;

class DatagramGateTest {
    private final List<String> admitted = new ArrayList<>();
    private Admission.Verdict verdict = Admission.Verdict.REFUSE;
    private final Admission admission = new Admission() {
        @Override
        public Verdict admit(String source, boolean outOfDialog) {
            throw new AssertionError("the gate passes its backlog");
        }

        @Override
        public Verdict admit(String source, boolean outOfDialog, int backlog) {
            admitted.add(source + " " + outOfDialog + " " + backlog);
            return outOfDialog ? verdict : Verdict.ACCEPT;
        }

        @Override
        public int retryAfterSeconds() {
            return 7;
        }
    };
    private final DatagramGate gate = new DatagramGate(() -> admission, "z9hg4bk-known"::equals);

    private static String request(String method, String branch, String to) {
        return method + " sip:x@127.0.0.1 SIP/2.0\r\n"
                + "v: SIP/2.0/UDP 127.0.0.2:5060;branch=" + branch + ";rport\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-below\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\n" + to + "\r\n"
                + "Call-ID: c1@example.com\r\nCSeq: 3 " + method + "\r\nContent-Length: 0\r\n\r\n";
    }

    private DatagramGate.Decision screen(String message) throws Exception {
        byte[] bytes = (message + "junk past the datagram").getBytes(StandardCharsets.US_ASCII);
        return gate.screen(bytes, message.length(), InetAddress.getByName("127.0.0.2"), 42);
    }

    @Test
    void aRefusedRequestGets503FromItsOwnLinesWithAToTagAndRetryAfter() throws Exception {
        DatagramGate.Decision d = screen(request("OPTIONS", "z9hG4bK-New", "To: <sip:x@example.com;tag=uri>"));
        String reply = new String(d.reply(), StandardCharsets.US_ASCII);
        assertEquals("SIP/2.0 503 Service Unavailable\r\n"
                + "v: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-New;rport\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-below\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com;tag=uri>;tag=sc503\r\n"
                + "Call-ID: c1@example.com\r\nCSeq: 3 OPTIONS\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n", reply);
        assertEquals(List.of("127.0.0.2 true 42"), admitted, "a tag inside the URI is not the To tag");
    }

    @Test
    void inDialogRequestsAckCancelResponsesAndRetransmissionsAreQueuedUnjudgedOrAccepted() throws Exception {
        assertSame(DatagramGate.Decision.QUEUE, screen(request("BYE", "z9hG4bK-b", "t: <sip:x@example.com>;TAG=9")));
        assertEquals(List.of("127.0.0.2 false 42"), admitted);
        assertSame(DatagramGate.Decision.QUEUE, screen(request("ACK", "z9hG4bK-a", "To: <sip:x@example.com>")));
        assertSame(DatagramGate.Decision.QUEUE, screen(request("CANCEL", "z9hG4bK-c", "To: <sip:x@example.com>")));
        assertSame(DatagramGate.Decision.QUEUE, screen(request("INVITE", "z9hG4bK-KNOWN", "To: <sip:x@example.com>")));
        assertSame(DatagramGate.Decision.QUEUE, screen("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-r\r\n\r\n"));
        assertEquals(1, admitted.size(), "none of those asked for admission");
    }

    /**
     * An RFC 2543 request (no z9hG4bK branch) is matched by the id JAIN-SIP makes from its parsed
     * headers: the raw reading gives the same id for each form here, so a retransmission of one
     * the stack holds is absorbed, not refused.
     */
    @Test
    void anRfc2543RequestGetsTheTransactionIdJainSipGivesIt() throws Exception {
        List<String> heads = List.of(
                request("OPTIONS", "old2543", "To: <sip:x@example.com>"),
                request("INVITE", "old2543", "To: <sip:x@example.com>").replace(";branch=old2543", ""),
                request("INVITE", "x", "To: <sip:x@example.com>").replace("127.0.0.2:5060;branch=x", "Host.Example.COM")
                        .replace("From: <sip:a@example.com>;tag=1", "f: \"A\" <sip:a@example.com;tag=uri> ;TAG=Ab9"),
                request("REGISTER", "y", "To: <sip:x@example.com>").replace("127.0.0.2:5060;branch=y", "[::1]:5070")
                        .replace("CSeq: 3 REGISTER", "CSeq:  0042  REGISTER").replace("From: <sip:a@example.com>;tag=1",
                        "From: sip:a@example.com"));
        gov.nist.javax.sip.parser.StringMsgParser parser = new gov.nist.javax.sip.parser.StringMsgParser();
        for (String text : heads) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            String expected = parser.parseSIPMessage(bytes, true, false, null).getTransactionId();
            assertEquals(expected, RequestHead.read(bytes, bytes.length).rfc2543TransactionId(), text);
        }
        byte[] withBranch = request("OPTIONS", "z9hG4bK-x", "To: <sip:x@example.com>").getBytes(StandardCharsets.US_ASCII);
        assertNull(RequestHead.read(withBranch, withBranch.length).rfc2543TransactionId(), "RFC 3261: the branch is the id");
    }

    @Test
    void aRetransmittedRfc2543RequestOfAKnownTransactionIsQueuedUnjudged() throws Exception {
        String text = request("OPTIONS", "old2543", "To: <sip:x@example.com>");
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        String id = new gov.nist.javax.sip.parser.StringMsgParser().parseSIPMessage(bytes, true, false, null)
                .getTransactionId();
        DatagramGate known = new DatagramGate(() -> admission, id::equals);
        assertSame(DatagramGate.Decision.QUEUE, known.screen(bytes, bytes.length, InetAddress.getByName("127.0.0.2"), 42));
        assertTrue(admitted.isEmpty(), "a retransmission is not judged: " + admitted);
    }

    @Test
    void aRequestTheRawReadingCannotPlaceIsStillJudgedAndDroppedWhereItWouldBeRefused() throws Exception {
        DatagramGate.Decision rfc2543 = screen(request("OPTIONS", "old2543", "To: <sip:x@example.com>"));
        assertTrue(new String(rfc2543.reply(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 503 "),
                "a new RFC 2543 request is refused like any other");
        assertSame(DatagramGate.Decision.DROP, screen(request("OPTIONS", "z9hG4bK-n", "To: <sip:x@example.com>")
                .replace("Call-ID: c1@example.com\r\n", "")), "no Call-ID: nothing to build a 503 from");
        assertSame(DatagramGate.Decision.DROP, screen(request("OPTIONS", "z9hG4bK-n", "To: <sip:x@example.com;tag=9>")
                .replace("From: <sip:a@example.com>;tag=1\r\n", "From: <sip:a@example.com>\r\n ;tag=1\r\n")),
                "a folded identifying header: counted as out-of-dialog");
        assertEquals(3, admitted.size(), "none of those passed unjudged: " + admitted);
        assertSame(DatagramGate.Decision.QUEUE, screen("garbage"), "no request line: the parser refuses and counts it");
        assertEquals(3, admitted.size());
    }

    @Test
    void whenNothingCouldBeRefusedTheDatagramIsNotEvenRead() throws Exception {
        DatagramGate idle = new DatagramGate(() -> Admission.ACCEPT_ALL, id -> {
            throw new AssertionError("no look-up");
        });
        byte[] bytes = request("OPTIONS", "z9hG4bK-n", "To: <sip:x@example.com>").getBytes(StandardCharsets.US_ASCII);
        assertSame(DatagramGate.Decision.QUEUE, idle.screen(bytes, bytes.length, InetAddress.getByName("127.0.0.2"), 0));
    }

    @Test
    void aBannedSourceIsDroppedWithoutReply() throws Exception {
        verdict = Admission.Verdict.DROP;
        DatagramGate.Decision d = screen(request("REGISTER", "z9hG4bK-p", "To: <sip:x@example.com>"));
        assertTrue(!d.queue());
        assertNull(d.reply());
    }
}
