package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * RFC 4028 in the proxy path, with {@code sst.min_se = 2}, the shipped proxy application (static
 * location of bob: the callee agent) and {@code dialog.send_bye}: an INVITE asking for 1 s from a
 * caller that supports timers gets 422 with {@code Min-SE: 2} from the proxy and never reaches the
 * callee; one from a caller without timer support reaches the callee with Session-Expires (its
 * refresher kept) and Min-SE raised to 2 s; in the dialog that call set up, an UPDATE asking for
 * 1 s with {@code Supported: timer} gets 422 from the proxy as well. A proxied dialog whose 2xx
 * set a 3 s interval that nobody refreshes is ended by the dialog module with BYE to both sides
 * (as Kamailio's sst module moves the dialog's timeout).
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
        caller = new SipAgent();
        callee = new SipAgent();
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> b.moduleParam("sst.min_se", "2")
                        .moduleParam("proxy.static_location", "bob=" + callee.uri("bob"))
                        .moduleParam("dialog.send_bye", "yes"));
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        fixture.start();
        fixture.awaitDeployed("proxy", WAIT);
        headers = javax.sip.SipFactory.getInstance().createHeaderFactory();
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
        ClientTransaction tx = caller.send(invite("1", true));
        Response answer = caller.awaitFinalResponse(tx, WAIT);
        assertEquals(422, answer.getStatusCode(), answer.toString());
        assertEquals("2", header(answer, "Min-SE"), answer.toString());
        assertTrue(callee.pollRequest("INVITE", Duration.ofMillis(300)).isEmpty(), "nothing was relayed");
    }

    @Test
    void anIntervalBelowTheMinimumFromACallerWithoutTimersIsRaisedAndRelayedAndSoIsALaterUpdate() throws Exception {
        ClientTransaction tx = caller.send(invite("1;refresher=uac", false));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        assertEquals("2;refresher=uac", header(in.getRequest(), "Session-Expires"), in.getRequest().toString());
        assertEquals("2", header(in.getRequest(), "Min-SE"));
        callee.respond(in, 200); // no Session-Expires: the endpoints run no timer, the dialog its default_timeout
        Response ok = caller.awaitFinalResponse(tx, WAIT);
        assertEquals(200, ok.getStatusCode());
        caller.sendAck(ok);
        callee.awaitRequest("ACK", WAIT);

        Request update = caller.newInDialogRequest(ok, "UPDATE");
        update.addHeader(headers.createHeader("Session-Expires", "1;refresher=uac"));
        update.addHeader(headers.createHeader("Supported", "timer"));
        Response tooSmall = caller.awaitFinalResponse(caller.send(update), WAIT);
        assertEquals(422, tooSmall.getStatusCode(), "RFC 4028 8.1 holds within the dialog too: " + tooSmall);
        assertEquals("2", header(tooSmall, "Min-SE"));
        assertTrue(callee.pollRequest("UPDATE", Duration.ofMillis(300)).isEmpty(), "the UPDATE was not relayed");

        ClientTransaction bye = caller.send(caller.newInDialogRequest(ok, "BYE"));
        callee.respond(callee.awaitRequest("BYE", WAIT), 200);
        assertEquals(200, caller.awaitFinalResponse(bye, WAIT).getStatusCode());
    }

    @Test
    void aProxiedDialogWhoseIntervalPassesWithoutRefreshEndsWithByeToBothSides() throws Exception {
        ClientTransaction tx = caller.send(invite("3;refresher=uac", true));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        assertEquals("3;refresher=uac", header(in.getRequest(), "Session-Expires"), "at the minimum or above: as it came");
        assertNull(header(in.getRequest(), "Min-SE"), "no Min-SE means 90 s, above the minimum: left alone");
        Response ok = callee.createResponse(in, 200);
        ok.addHeader(headers.createHeader("Session-Expires", "3;refresher=uac"));
        ok.addHeader(headers.createHeader("Require", "timer"));
        callee.respond(in, ok);
        Response answer = caller.awaitFinalResponse(tx, WAIT);
        assertEquals(200, answer.getStatusCode());
        caller.sendAck(answer);
        callee.awaitRequest("ACK", WAIT);
        long acked = System.nanoTime();

        // the caller never refreshes: the dialog module ends the call when the 3 s interval is over
        RequestEvent byeToCaller = caller.awaitRequest("BYE", WAIT);
        RequestEvent byeToCallee = callee.awaitRequest("BYE", WAIT);
        long waited = Duration.ofNanos(System.nanoTime() - acked).toMillis();
        assertTrue(waited >= 2500, "not before the session interval passed: " + waited + " ms");
        caller.respond(byeToCaller, 200);
        callee.respond(byeToCallee, 200);
    }

    private Request invite(String sessionExpires, boolean supportsTimer) throws ParseException {
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
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
