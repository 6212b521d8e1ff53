package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.example.testapps.SessionTimerServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * RFC 4028 session timers negotiated through {@code SessionKeepAlive}, against
 * {@link SessionTimerServlet} deployed as a .sar and a raw UDP caller: a caller that asks for 90 s
 * and refreshes itself gets its interval back with {@code Require: timer} and the application's
 * {@code getKeepAlive()} says so; a caller that knows no session timers, answered by an
 * application that enables one, gets the default 1800 s with this server as the refresher and no
 * Require. Below RFC 4028's 90 s (the default {@code sst.min_se}) a caller that supports timers
 * gets 422 with Min-SE although the application accepts, and one that does not gets 90 s in the
 * 200. (The timer's firing is {@code SessionTimerFiringTest}'s, with a 2 s {@code sst.min_se}.)
 */
class SessionTimerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Pattern TO_TAG = Pattern.compile("(?mi)^To:.*;tag=([^;\\s]+)");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*(.+?)\\s*$");

    /** One server and agent for the class: every exchange has a Call-ID of its own. */
    @TempDir
    static Path home;
    private static ServerFixture fixture;
    private static SipAgent agent;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServerFixture.startedWithServlet(home, "INVITE", "timers", SessionTimerServlet.class);
        agent = new SipAgent();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aCallerAskingFor90SecondsAndRefreshingGetsThemWithRequireTimer() {
        String callId = "se-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite(callId, "Session-Expires: 90;refresher=uac\r\nSupported: timer\r\n"), fixture.udpAddress());
        String ok = awaitFinal(callId, "1 INVITE");
        assertEquals("90;refresher=uac", header(ok, "Session-Expires"), ok);
        assertEquals("timer", header(ok, "Require"), ok);
        assertEquals("90 90 UAC", hangUp(callId, group(TO_TAG, ok)));
    }

    @Test
    void aCallerWithoutSessionTimersGetsTheApplicationsWithThisServerRefreshing() {
        String callId = "noset-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite(callId, ""), fixture.udpAddress());
        String ok = awaitFinal(callId, "1 INVITE");
        assertEquals("1800;refresher=uas", header(ok, "Session-Expires"), ok);
        assertNull(header(ok, "Require"), "the caller cannot be required to know timers: " + ok);
        assertEquals("1800 90 UAS", hangUp(callId, group(TO_TAG, ok)));
    }

    @Test
    void aCallerSupportingTimersAskingForLessThan90SecondsGets422WithMinSe() {
        String callId = "small-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite(callId, "Session-Expires: 60\r\nSupported: timer\r\n"), fixture.udpAddress());
        String tooSmall = awaitFinal(callId, "1 INVITE");
        assertTrue(tooSmall.startsWith("SIP/2.0 422"), "RFC 4028 9, though the application answered 200: " + tooSmall);
        assertEquals("90", header(tooSmall, "Min-SE"), tooSmall);
    }

    @Test
    void aCallerWithoutTimersAskingForLessThan90SecondsGetsThemRaisedWithThisServerRefreshing() {
        String callId = "raised-" + System.nanoTime() + "@127.0.0.1";
        agent.sendRaw(invite(callId, "Session-Expires: 60\r\n"), fixture.udpAddress());
        String ok = awaitFinal(callId, "1 INVITE");
        assertEquals("90;refresher=uas", header(ok, "Session-Expires"), "a 422 it would not understand: " + ok);
        assertEquals("90 90 UAS", hangUp(callId, group(TO_TAG, ok)));
    }

    private String hangUp(String callId, String toTag) {
        agent.sendRaw(inDialog("ACK", callId, toTag, 1), fixture.udpAddress());
        agent.sendRaw(inDialog("BYE", callId, toTag, 2), fixture.udpAddress());
        return header(awaitFinal(callId, "2 BYE"), "X-KeepAlive");
    }

    private String invite(String callId, String extra) {
        InetSocketAddress server = fixture.udpAddress();
        return "INVITE sip:timers@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + agent.rawPort() + ";branch=z9hG4bK" + callId.hashCode() + "i\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1:" + agent.rawPort() + ">;tag=raw1\r\n"
                + "To: <sip:timers@127.0.0.1:" + server.getPort() + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:raw@127.0.0.1:" + agent.rawPort() + ">\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private String inDialog(String method, String callId, String toTag, int cseq) {
        InetSocketAddress server = fixture.udpAddress();
        return method + " sip:timers@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + agent.rawPort() + ";branch=z9hG4bK" + callId.hashCode() + method
                + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1:" + agent.rawPort() + ">;tag=raw1\r\n"
                + "To: <sip:timers@127.0.0.1:" + server.getPort() + ">;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String awaitFinal(String callId, String cseq) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> msg = agent.pollRaw(Duration.ofMillis(200));
            if (msg.isPresent() && msg.get().startsWith("SIP/2.0 ") && Integer.parseInt(msg.get().substring(8, 11)) >= 200
                    && msg.get().contains(callId) && cseq.equals(group(CSEQ, msg.get()))) {
                return msg.get();
            }
        }
        throw new AssertionError("no final response to " + cseq + " within " + WAIT);
    }

    private static String header(String message, String name) {
        return group(Pattern.compile("(?mi)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$"), message);
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
