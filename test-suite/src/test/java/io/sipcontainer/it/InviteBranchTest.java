package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.example.testapps.InviteBranchServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * A UAS answering one INVITE from several early dialogs ({@code InviteBranch}) and the RFC 3262
 * order of reliable provisional responses, against {@link InviteBranchServlet} deployed as a .sar
 * in the real server and driven over a raw UDP socket (the tests read To tags and RSeqs on the
 * wire): two branches give a 180 and a 183 under two To tags and the 200 under the second's; a
 * reliable 183 with an SDP offer keeps the application's 2xx back (IllegalStateException) and the
 * reliable 180 sent right after it stays off the wire until the 183's PRACK.
 */
class InviteBranchTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern TO_TAG = Pattern.compile("(?mi)^To:.*;tag=([^;\\s]+)");
    private static final Pattern RSEQ = Pattern.compile("(?mi)^RSeq:\\s*(\\d+)\\s*$");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*(.+?)\\s*$");
    private static final Pattern CHECKS = Pattern.compile("(?mi)^X-Checks:\\s*(.*?)\\s*$");

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.startedWithServlet(home, "INVITE", "branches", InviteBranchServlet.class);
        agent = new SipAgent();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void twoInviteBranchesAnswerUnderTwoToTagsAndTheSecondsTagGetsThe200() {
        String callId = "branches-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite("branches", callId, ""), fixture.udpAddress());
        String ringing = awaitResponse(callId, 180);
        String progress = awaitResponse(callId, 183);
        String ok = awaitResponse(callId, 200);
        String first = group(TO_TAG, ringing);
        String second = group(TO_TAG, progress);
        assertNotNull(first, ringing);
        assertNotEquals(first, second, "each branch is an early dialog of its own");
        assertTrue(progress.startsWith("SIP/2.0 183 Second"), progress);
        assertEquals(second, group(TO_TAG, ok), "the 200 confirms the second branch's dialog");
        assertEquals("ok", group(CHECKS, ok), "what the application checked before the 200");

        agent.sendRaw(inDialog("ACK", "branches", callId, second, 1, ""), fixture.udpAddress());
        agent.sendRaw(inDialog("BYE", "branches", callId, second, 2, ""), fixture.udpAddress());
        String byeOk = awaitFinal(callId, "2 BYE");
        assertEquals(200, statusOf(byeOk), "the BYE reaches the second branch's session");
        assertEquals("ok", group(CHECKS, byeOk), "what the application checked after the 200");
    }

    @Test
    void aReliableOfferHoldsBackThe2xxAndTheNextReliableProvisionalUntilItsPrack() {
        String callId = "offer-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite("offer", callId, "Supported: 100rel\r\n"), fixture.udpAddress());
        String progress = awaitResponse(callId, 183);
        assertTrue(progress.contains("application/sdp"), "the 183 carries the offer: " + progress);
        String tag = group(TO_TAG, progress);

        // the 183 is retransmitted, but neither the 180 nor a 2xx may leave before its PRACK
        long quietUntil = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        while (System.nanoTime() < quietUntil) {
            Optional<String> m = agent.pollRaw(Duration.ofMillis(200));
            m.ifPresent(msg -> assertTrue(!msg.contains(callId) || msg.startsWith("SIP/2.0 183"),
                    "before the 183's PRACK: " + msg));
        }
        agent.sendRaw(inDialog("PRACK", "offer", callId, tag, 2,
                "RAck: " + group(RSEQ, progress) + " 1 INVITE\r\n"), fixture.udpAddress());
        assertEquals(200, statusOf(awaitFinal(callId, "2 PRACK")));
        String ringing = awaitResponse(callId, 180);
        assertEquals(Long.parseLong(group(RSEQ, progress)) + 1, Long.parseLong(group(RSEQ, ringing)),
                "the held-back 180 leaves after the PRACK with the next RSeq");
        agent.sendRaw(inDialog("PRACK", "offer", callId, tag, 3,
                "RAck: " + group(RSEQ, ringing) + " 1 INVITE\r\n"), fixture.udpAddress());
        assertEquals(200, statusOf(awaitFinal(callId, "3 PRACK")));
        String ok = awaitFinal(callId, "1 INVITE");
        assertEquals(200, statusOf(ok));
        assertEquals("ok", group(CHECKS, ok), "the 2xx sent before the PRACK was refused: " + ok);
        agent.sendRaw(inDialog("ACK", "offer", callId, tag, 1, ""), fixture.udpAddress());
    }

    private String invite(String user, String callId, String extra) {
        InetSocketAddress server = fixture.udpAddress();
        return "INVITE sip:" + user + "@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + agent.rawPort() + ";branch=z9hG4bK" + callId.hashCode() + "i\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1:" + agent.rawPort() + ">;tag=raw1\r\n"
                + "To: <sip:" + user + "@127.0.0.1:" + server.getPort() + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:raw@127.0.0.1:" + agent.rawPort() + ">\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private String inDialog(String method, String user, String callId, String toTag, int cseq, String extra) {
        InetSocketAddress server = fixture.udpAddress();
        return method + " sip:" + user + "@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + agent.rawPort() + ";branch=z9hG4bK" + callId.hashCode() + method
                + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1:" + agent.rawPort() + ">;tag=raw1\r\n"
                + "To: <sip:" + user + "@127.0.0.1:" + server.getPort() + ">;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    /** The next response of this call with this status. */
    private String awaitResponse(String callId, int status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> msg = agent.pollRaw(Duration.ofMillis(200));
            if (msg.isPresent() && msg.get().startsWith("SIP/2.0 ") && msg.get().contains(callId)
                    && statusOf(msg.get()) == status) {
                return msg.get();
            }
        }
        throw new AssertionError("no " + status + " within " + WAIT);
    }

    /** The next final response whose CSeq is {@code cseq}. */
    private String awaitFinal(String callId, String cseq) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> msg = agent.pollRaw(Duration.ofMillis(200));
            if (msg.isPresent() && msg.get().startsWith("SIP/2.0 ") && statusOf(msg.get()) >= 200
                    && msg.get().contains(callId) && cseq.equals(group(CSEQ, msg.get()))) {
                return msg.get();
            }
        }
        throw new AssertionError("no final response to " + cseq + " within " + WAIT);
    }

    private static int statusOf(String response) {
        return Integer.parseInt(response.substring(8, 11));
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
