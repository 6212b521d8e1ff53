package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.SessionRefreshServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * RFC 4028 session timers that fire, end to end: {@link SessionRefreshServlet} deployed as a .sar
 * (servlet and SipSessionListener in one class, declared in sip.xml) in a server whose
 * {@code sst.min_se} is 2 s, so a caller (the test's SIP agent) may ask for a 3 s session
 * interval. When this server refreshes, an UPDATE carrying {@code Session-Expires: 3;refresher=uac}
 * comes at half the interval and again after each answered refresh; an application's refresh
 * callback refreshes with a re-INVITE instead; a refresh answered without Session-Expires turns
 * the timer off (RFC 4028 7.2); when the caller should refresh and does not, the
 * server sends BYE before the interval ends and the application's session listener is told the
 * session was destroyed.
 */
class SessionTimerFiringTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** The session interval the caller asks for (sst.min_se is 2). */
    private static final int INTERVAL = 3;

    @TempDir
    static Path home;
    /**
     * One server and one agent for the class (starting and stopping them costs seconds): each test
     * has a call of its own and takes every message it brings.
     */
    private static ServerFixture fixture;
    private static HeaderFactory headers;
    private static SipAgent agent;

    @BeforeAll
    static void startServer() throws Exception {
        fixture = new ServerFixture(home).dar(DarText.route("INVITE", "timers"))
                .configure(b -> b.moduleParam("sst.min_se", "2"));
        fixture.deploy(SarBuilder.named("timers.sar").sipXml(sipXml()).withClasses(SessionRefreshServlet.class));
        fixture.start();
        fixture.awaitDeployed("timers", WAIT);
        headers = javax.sip.SipFactory.getInstance().createHeaderFactory();
        agent = new SipAgent();
    }

    @AfterAll
    static void stopServer() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theServerRefreshesWithUpdateAtHalfTheIntervalAndAgainAfterEachAnsweredRefresh() throws Exception {
        Response ok = call(INTERVAL + ";refresher=uas", null, false);
        assertEquals(INTERVAL + ";refresher=uas", header(ok, "Session-Expires"), "the caller's choice stands");
        assertEquals("timer", header(ok, "Require"));
        long answered = System.nanoTime();

        RequestEvent first = agent.awaitRequest("UPDATE", WAIT);
        long waited = Duration.ofNanos(System.nanoTime() - answered).toMillis();
        assertTrue(waited >= 800, "refreshed at half the 3 s interval, not at once: " + waited + " ms");
        Request update = first.getRequest();
        assertEquals(INTERVAL + ";refresher=uac", header(update, "Session-Expires"),
                "the sender of the refresh stays the refresher: " + update);
        assertTrue(header(update, "Supported").contains("timer"), update.toString());
        assertNotNull(update.getHeader("Contact"), "RFC 3311: an UPDATE carries a Contact");
        answerRefresh(first);

        RequestEvent second = agent.awaitRequest("UPDATE", WAIT);
        assertTrue(cseq(second.getRequest()) > cseq(update), "a new refresh, not a retransmission");
        answerRefresh(second);
        hangUp(ok);
    }

    @Test
    void aRefreshAnsweredWithoutSessionExpiresTurnsTheTimerOff() throws Exception {
        Response ok = call(INTERVAL + ";refresher=uas", null, false);
        RequestEvent update = agent.awaitRequest("UPDATE", WAIT);
        agent.respond(update, 200); // RFC 4028 7.2: no Session-Expires, no session expiration
        assertTrue(agent.pollRequest("UPDATE", Duration.ofMillis(2500)).isEmpty(), "no refresh after 1 s, nor later");
        assertTrue(agent.pollRequest("BYE", Duration.ZERO).isEmpty(), "and no BYE");
        hangUp(ok);
    }

    @Test
    void anApplicationsRefreshCallbackRefreshesWithAReInvite() throws Exception {
        Response ok = call(INTERVAL + ";refresher=uas", "reinvite", false);
        RequestEvent reinvite = agent.awaitRequest("INVITE", WAIT);
        Request request = reinvite.getRequest();
        assertEquals("reinvite", header(request, "X-Refresh"), request.toString());
        assertEquals(INTERVAL + ";refresher=uac", header(request, "Session-Expires"), request.toString());
        assertEquals("2", header(request, "Min-SE"), "this server's minimum, not RFC 4028's 90 s: " + request);
        assertTrue(agent.pollRequest("UPDATE", Duration.ofMillis(100)).isEmpty(),
                "the callback replaces the container's UPDATE");
        answerRefresh(reinvite);
        agent.awaitRequest("ACK", WAIT);
        hangUp(ok);
    }

    @Test
    void aSessionTheCallerDoesNotRefreshEndsWithByeAndItsListenerIsTold() throws Exception {
        Response ok = call(INTERVAL + ";refresher=uac", null, true);
        assertEquals(INTERVAL + ";refresher=uac", header(ok, "Session-Expires"), ok.toString());
        long answered = System.nanoTime();

        RequestEvent bye = agent.awaitRequest("BYE", WAIT);
        long waited = Duration.ofNanos(System.nanoTime() - answered).toMillis();
        // RFC 4028 10: BYE when min(32 s, a third of the interval) is left, i.e. after 2 of the 3 s
        assertTrue(waited >= 1800, "not before the session's end is near: " + waited + " ms");
        assertEquals(callId(ok), callId(bye.getRequest()));
        assertTrue(agent.pollRequest("UPDATE", Duration.ZERO).isEmpty(), "the caller refreshes, not this server");
        agent.respond(bye, 200);

        RequestEvent told = agent.awaitRequest("MESSAGE", WAIT);
        assertEquals("destroyed " + callId(ok), new String(told.getRequest().getRawContent(), StandardCharsets.UTF_8));
        agent.respond(told, 200);
    }

    /**
     * An INVITE asking for this session interval (with X-Refresh when not null, and the agent as
     * the observer of the session's end when asked), answered 200 and acknowledged.
     */
    private Response call(String sessionExpires, String refresh, boolean observe) throws ParseException {
        String server = "sip:timers@127.0.0.1:" + fixture.udpPort();
        Request invite = agent.newRequest("INVITE", server, agent.uri("caller"), server);
        invite.addHeader(headers.createHeader("Session-Expires", sessionExpires));
        invite.addHeader(headers.createHeader("Min-SE", "2"));
        invite.addHeader(headers.createHeader("Supported", "timer"));
        if (observe) {
            invite.addHeader(headers.createHeader("X-Observer", agent.uri("observer")));
        }
        if (refresh != null) {
            invite.addHeader(headers.createHeader("X-Refresh", refresh));
        }
        ClientTransaction tx = agent.send(invite);
        Response ok = agent.awaitFinalResponse(tx, WAIT);
        assertEquals(200, ok.getStatusCode(), ok.toString());
        agent.sendAck(ok);
        return ok;
    }

    /** 200 to a refresh, keeping its sender the refresher (RFC 4028 9). */
    private void answerRefresh(RequestEvent refresh) throws ParseException {
        Response ok = agent.createResponse(refresh, 200);
        ok.addHeader(headers.createHeader("Session-Expires", INTERVAL + ";refresher=uac"));
        ok.addHeader(headers.createHeader("Require", "timer"));
        agent.respond(refresh, ok);
    }

    private void hangUp(Response ok) {
        ClientTransaction bye = agent.send(agent.newInDialogRequest(ok, "BYE"));
        assertEquals(200, agent.awaitFinalResponse(bye, WAIT).getStatusCode());
    }

    private static String sipXml() {
        String servlet = SessionRefreshServlet.class.getName();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="%s" version="2.0">
                  <app-name>timers</app-name>
                  <listener><listener-class>%s</listener-class></listener>
                  <servlet>
                    <servlet-name>timers</servlet-name>
                    <servlet-class>%s</servlet-class>
                    <load-on-startup>1</load-on-startup>
                  </servlet>
                  <servlet-selection><main-servlet>timers</main-servlet></servlet-selection>
                </sip-app>
                """.formatted(SarBuilder.SIP_XML_NAMESPACE, servlet, servlet);
    }

    private static String header(Message m, String name) {
        javax.sip.header.Header h = m.getHeader(name);
        if (h == null) {
            return null;
        }
        String text = h.toString();
        return text.substring(text.indexOf(':') + 1).trim();
    }

    private static long cseq(Request r) {
        return ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    private static String callId(Message m) {
        return ((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
