package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.ReplacesServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * Replaces (RFC 3891) end to end with {@link ReplacesServlet} deployed as a .sar: a first call is
 * answered; a second INVITE whose Replaces names it (Call-ID, the server's tag as to-tag, the
 * caller's as from-tag) reaches the same application and application session, and
 * {@code SipSessionsUtil.getCorrespondingSipSession} finds the replaced session and, the other way,
 * the replacing one; the application then ends the replaced call with a BYE.
 */
class ReplacesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;

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
    void anInviteWithReplacesFindsTheReplacedSessionBothWays() throws Exception {
        fixture = ServerFixture.startedWithServlet(home, "INVITE", "replacing", ReplacesServlet.class);
        agent = new SipAgent();
        String target = "sip:replacing@127.0.0.1:" + fixture.udpPort();

        ClientTransaction first = agent.send(agent.newRequest("INVITE", target, agent.uri("alice"), target));
        Response firstOk = agent.awaitFinalResponse(first, WAIT);
        assertEquals(200, firstOk.getStatusCode());
        agent.sendAck(firstOk);

        String callId = ((CallIdHeader) firstOk.getHeader(CallIdHeader.NAME)).getCallId();
        String serverTag = ((ToHeader) firstOk.getHeader(ToHeader.NAME)).getTag();
        String callerTag = ((FromHeader) firstOk.getHeader(FromHeader.NAME)).getTag();
        Request replacing = agent.newRequest("INVITE", target, agent.uri("carol"), target);
        replacing.addHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("Replaces",
                callId + ";to-tag=" + serverTag + ";from-tag=" + callerTag));
        ClientTransaction second = agent.send(replacing);
        Response secondOk = agent.awaitFinalResponse(second, WAIT);
        assertEquals(200, secondOk.getStatusCode());
        assertEquals("true", header(secondOk, "X-Replaced-Found"), "the replaced session is found");
        assertEquals("true", header(secondOk, "X-Same-Application-Session"), "in the same application session");
        assertEquals("true", header(secondOk, "X-Reverse"), "and from it, the replacing one");
        assertEquals("null", header(secondOk, "X-Join-Found"), "no Join header, no joined session");
        agent.sendAck(secondOk);

        RequestEvent bye = agent.awaitRequest("BYE", WAIT);
        assertEquals(callId, ((CallIdHeader) bye.getRequest().getHeader(CallIdHeader.NAME)).getCallId(),
                "the replaced call is hung up");
        agent.respond(bye, 200);
    }

    private static String header(Response r, String name) {
        ExtensionHeader h = (ExtensionHeader) r.getHeader(name);
        return h == null ? null : h.getValue();
    }
}
