package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.ProxyServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * RFC 4028 section 8.1 in the proxy path, with {@code sst.min_se = 120} and a record-routing test
 * proxy ({@link ProxyServlet}) between two SIP agents: an INVITE asking for 90 s from a caller that
 * supports timers gets 422 with {@code Min-SE: 120} from the proxy and never reaches the callee;
 * one from a caller without timer support reaches the callee with Session-Expires (its refresher
 * kept) and Min-SE raised to 120; in the dialog that call set up, an UPDATE asking for 90 s with
 * {@code Supported: timer} gets 422 from the proxy as well.
 */
class SessionTimerProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path home;
    /**
     * One server and one pair of agents for the class (starting and stopping them costs seconds):
     * each test has calls of its own and takes every message they bring.
     */
    private static ServerFixture fixture;
    private static HeaderFactory headers;
    private static SipAgent caller;
    private static SipAgent callee;

    @BeforeAll
    static void startServer() throws Exception {
        fixture = new ServerFixture(home)
                .dar("INVITE: (\"proxy\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n")
                .configure(b -> b.moduleParam("sst.min_se", "120"));
        fixture.deploy(SarBuilder.named("proxy.sar").sipXml(SarBuilder.sipXml("proxy", "proxy",
                ProxyServlet.class.getName())).withClasses(ProxyServlet.class));
        fixture.start();
        fixture.awaitDeployed("proxy", WAIT);
        headers = javax.sip.SipFactory.getInstance().createHeaderFactory();
        caller = new SipAgent();
        callee = new SipAgent();
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable c : new AutoCloseable[] {caller, callee, fixture}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anIntervalBelowTheMinimumFromACallerSupportingTimersGets422WithMinSe() throws Exception {
        ClientTransaction tx = caller.send(invite("90", true));
        Response answer = caller.awaitFinalResponse(tx, WAIT);
        assertEquals(422, answer.getStatusCode(), answer.toString());
        assertEquals("120", header(answer, "Min-SE"), answer.toString());
        assertTrue(callee.pollRequest("INVITE", Duration.ofMillis(300)).isEmpty(), "nothing was relayed");
    }

    @Test
    void anIntervalBelowTheMinimumFromACallerWithoutTimersIsRaisedAndRelayedAndSoIsALaterUpdate() throws Exception {
        ClientTransaction tx = caller.send(invite("90;refresher=uac", false));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        assertEquals("120;refresher=uac", header(in.getRequest(), "Session-Expires"), in.getRequest().toString());
        assertEquals("120", header(in.getRequest(), "Min-SE"));
        callee.respond(in, 200);
        Response ok = caller.awaitFinalResponse(tx, WAIT);
        assertEquals(200, ok.getStatusCode());
        caller.sendAck(ok);
        callee.awaitRequest("ACK", WAIT);

        Request update = caller.newInDialogRequest(ok, "UPDATE");
        update.addHeader(headers.createHeader("Session-Expires", "90;refresher=uac"));
        update.addHeader(headers.createHeader("Supported", "timer"));
        Response tooSmall = caller.awaitFinalResponse(caller.send(update), WAIT);
        assertEquals(422, tooSmall.getStatusCode(), "RFC 4028 8.1 holds within the dialog too: " + tooSmall);
        assertEquals("120", header(tooSmall, "Min-SE"));
        assertTrue(callee.pollRequest("UPDATE", Duration.ofMillis(300)).isEmpty(), "the UPDATE was not relayed");

        ClientTransaction bye = caller.send(caller.newInDialogRequest(ok, "BYE"));
        callee.respond(callee.awaitRequest("BYE", WAIT), 200);
        assertEquals(200, caller.awaitFinalResponse(bye, WAIT).getStatusCode());
    }

    @Test
    void anIntervalAboveTheMinimumIsRelayedWithMinSeRaisedToIt() throws Exception {
        ClientTransaction tx = caller.send(invite("1800", true));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        assertEquals("1800", header(in.getRequest(), "Session-Expires"));
        assertEquals("120", header(in.getRequest(), "Min-SE"), "the request's 90 s is raised to what the proxy allows");
        callee.respond(in, 486);
        assertEquals(486, caller.awaitFinalResponse(tx, WAIT).getStatusCode());
    }

    private Request invite(String sessionExpires, boolean supportsTimer) throws ParseException {
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
        invite.addHeader(headers.createHeader("X-Targets", callee.uri("bob")));
        invite.addHeader(headers.createHeader("X-RR", "yes"));
        invite.addHeader(headers.createHeader("Session-Expires", sessionExpires));
        if (supportsTimer) {
            invite.addHeader(headers.createHeader("Supported", "timer"));
        }
        return invite;
    }

    private static String header(Message m, String name) {
        javax.sip.header.Header h = m.getHeader(name);
        if (h == null) {
            return null;
        }
        String text = h.toString();
        return text.substring(text.indexOf(':') + 1).trim();
    }
}
