package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.example.testapps.PrackServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;

/**
 * Reliable provisional responses (RFC 3262) end to end, against {@link PrackServlet} deployed as a
 * .sar in the real server: a SIPp UAC that supports 100rel gets a 183 with Require: 100rel and an
 * RSeq, PRACKs it and completes the call; over a raw UDP socket, the 1xx is retransmitted after T1
 * and again 2*T1 later with the same RSeq until the PRACK, a PRACK with another RSeq gets 481, a
 * PRACK the application leaves unanswered gets the container's 200, and a request that requires
 * 100rel gets its 180 reliably even though the servlet used plain {@code send()}, and one that
 * requires an extension nobody understands gets 420 Bad Extension with Unsupported. After 64*T1 the
 * application's SipErrorListener hears of a 183 never PRACKed and of a 200 never ACKed.
 */
class PrackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern RSEQ = Pattern.compile("(?mi)^RSeq:\\s*(\\d+)\\s*$");
    private static final Pattern TO_TAG = Pattern.compile("(?mi)^To:.*;tag=([^;\\s]+)");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*(.+?)\\s*$");

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(home).dar(DarText.route("INVITE", "prack"));
        String sipXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="%s" version="2.0">
                  <app-name>prack</app-name>
                  <listener><listener-class>%s</listener-class></listener>
                  <servlet><servlet-name>prack</servlet-name><servlet-class>%s</servlet-class>
                    <load-on-startup>1</load-on-startup></servlet>
                  <servlet-selection><main-servlet>prack</main-servlet></servlet-selection>
                </sip-app>
                """.formatted(SarBuilder.SIP_XML_NAMESPACE, PrackServlet.class.getName(), PrackServlet.class.getName());
        fixture.deploy(SarBuilder.named("prack.sar").sipXml(sipXml).withClasses(PrackServlet.class));
        fixture.start();
        fixture.awaitDeployed("prack", WAIT);
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
    void sippCallWithPrackCompletes() {
        SippResult call = Sipp.scenario("sipp/prack-uac.xml").remote(fixture.udpAddress()).udp().service("prack")
                .calls(1).run();
        assertTrue(call.allSucceeded(), call.toString());
    }

    @Test
    void reliable183IsRetransmittedUntilPrackAndThePrackIsMatchedByRAck() {
        agent = new SipAgent();
        String callId = "prack-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite(callId, "Supported: 100rel\r\n"), fixture.udpAddress());

        long firstAt = 0;
        List<Long> arrivals = new ArrayList<>();
        String first = null;
        // the first 183 and two retransmissions (after T1 = 500 ms, then 1000 ms more)
        while (arrivals.size() < 3) {
            String msg = agent.receiveRaw(WAIT);
            if (!msg.startsWith("SIP/2.0 183")) {
                continue;
            }
            long now = System.nanoTime();
            if (first == null) {
                first = msg;
                firstAt = now;
            } else {
                assertEquals(group(RSEQ, first), group(RSEQ, msg), "a retransmission keeps its RSeq");
            }
            arrivals.add((now - firstAt) / 1_000_000);
        }
        assertTrue(first.contains("Require: 100rel"), first);
        long gap1 = arrivals.get(1) - arrivals.get(0);
        long gap2 = arrivals.get(2) - arrivals.get(1);
        assertTrue(gap1 >= 400 && gap1 < 900, "first retransmission after T1: " + arrivals);
        assertTrue(gap2 >= 800 && gap2 < 1600, "then after 2*T1: " + arrivals);

        String rseq = group(RSEQ, first);
        String toTag = group(TO_TAG, first);
        long wrong = Long.parseLong(rseq) + 7;
        agent.sendRaw(prack(callId, toTag, 2, wrong + " 1 INVITE", ""), fixture.udpAddress());
        assertEquals(481, statusOf(awaitResponseTo(callId, "2 PRACK")), "a PRACK for no reliable 1xx");

        agent.sendRaw(prack(callId, toTag, 3, rseq + " 1 INVITE", "X-Leave-Prack: yes\r\n"), fixture.udpAddress());
        String prackOk = awaitResponseTo(callId, "3 PRACK");
        assertEquals(200, statusOf(prackOk), "the container answers the PRACK the servlet left");
        String inviteOk = awaitResponseTo(callId, "1 INVITE");
        assertEquals(200, statusOf(inviteOk));
        assertTrue(inviteOk.contains("X-Prack-Seen: true"), "doPrack ran: " + inviteOk);

        // acknowledged: no 183 comes again (the next retransmission would be due 2 s after the last)
        long quietUntil = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        while (System.nanoTime() < quietUntil) {
            Optional<String> more = agent.pollRaw(Duration.ofMillis(200));
            more.ifPresent(m -> assertTrue(!m.startsWith("SIP/2.0 183") || !m.contains(callId),
                    "retransmitted after its PRACK: " + m));
        }
    }

    @Test
    void aRequestRequiring100relGetsItsProvisionalReliably() {
        agent = new SipAgent();
        String callId = "require-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite(callId, "Require: 100rel\r\nSupported: 100rel\r\n"), fixture.udpAddress());
        String ringing;
        do {
            ringing = agent.receiveRaw(WAIT);
        } while (!ringing.startsWith("SIP/2.0 180"));
        assertNotNull(group(RSEQ, ringing), "the 180 carries an RSeq: " + ringing);
        assertTrue(ringing.contains("Require: 100rel"), ringing);
        agent.sendRaw(prack(callId, group(TO_TAG, ringing), 2, group(RSEQ, ringing) + " 1 INVITE", ""),
                fixture.udpAddress());
        String prackOk = awaitResponseTo(callId, "2 PRACK");
        assertEquals(200, statusOf(prackOk));
        assertTrue(prackOk.contains("X-Unacknowledged: 0"), "acknowledged before doPrack: " + prackOk);
        assertEquals(200, statusOf(awaitResponseTo(callId, "1 INVITE")));
    }

    @Test
    void aRequestRequiringAnUnknownExtensionGets420WithUnsupported() {
        agent = new SipAgent();
        String callId = "badext-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite(callId, "Require: 100rel, foo-ext\r\nSupported: 100rel\r\n"), fixture.udpAddress());
        String bad = awaitResponseTo(callId, "1 INVITE");
        assertEquals(420, statusOf(bad), bad);
        assertTrue(bad.contains("Unsupported: foo-ext"), bad);
    }

    @Test
    void errorListenersHearOfAMissingPrackAndAMissingAck() {
        agent = new SipAgent();
        String unprackedCall = "noprack-" + System.nanoTime() + "@127.0.0.1";
        String unackedCall = "noack-" + System.nanoTime() + "@127.0.0.1";
        long start = System.nanoTime();
        agent.sendRaw(invite(unprackedCall, "Supported: 100rel\r\n"), fixture.udpAddress());
        agent.sendRaw(invite(unackedCall, ""), fixture.udpAddress());
        String rejected = null;
        String bye = null;
        long deadline = start + Duration.ofSeconds(45).toNanos();
        while ((rejected == null || bye == null) && System.nanoTime() < deadline) {
            Optional<String> msg = agent.pollRaw(Duration.ofMillis(500));
            if (msg.isEmpty()) {
                continue;
            }
            String m = msg.get();
            if (m.contains(unprackedCall) && m.startsWith("SIP/2.0 ") && statusOf(m) >= 200) {
                rejected = m;
            } else if (m.startsWith("BYE ") && m.contains(unackedCall)) {
                bye = m;
            }
        }
        long elapsedSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertNotNull(rejected, "the INVITE whose 183 was never PRACKed is answered");
        assertTrue(rejected.startsWith("SIP/2.0 500 No PRACK (listener)"), "by the application's noPrackReceived: "
                + rejected);
        assertNotNull(bye, "the call whose 200 was never ACKed is hung up by noAckReceived");
        assertTrue(elapsedSeconds >= 31, "not before 64*T1: " + elapsedSeconds + " s");
    }

    private String invite(String callId, String extra) {
        InetSocketAddress server = fixture.udpAddress();
        return "INVITE sip:prack@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + agent.rawPort() + ";branch=z9hG4bK" + callId.hashCode() + "i\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1:" + agent.rawPort() + ">;tag=raw1\r\n"
                + "To: <sip:prack@127.0.0.1:" + server.getPort() + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:raw@127.0.0.1:" + agent.rawPort() + ">\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private String prack(String callId, String toTag, int cseq, String rack, String extra) {
        InetSocketAddress server = fixture.udpAddress();
        return "PRACK sip:prack@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + agent.rawPort() + ";branch=z9hG4bK" + callId.hashCode() + "p" + cseq
                + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1:" + agent.rawPort() + ">;tag=raw1\r\n"
                + "To: <sip:prack@127.0.0.1:" + server.getPort() + ">;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " PRACK\r\n"
                + "RAck: " + rack + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    /** The next final response whose CSeq is {@code cseq}, skipping anything else (1xx retransmissions). */
    private String awaitResponseTo(String callId, String cseq) {
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
