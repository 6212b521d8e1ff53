package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.ForkingServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * ForkingContext (JSR 359) end to end: {@link ForkingServlet}, deployed as a .sar, calls this test's
 * agent, which answers as two forks (a 180 from each, then a 200 from the second). Both early
 * dialogs are sessions of one forking context sharing its attributes, and {@code terminateDialogs}
 * ends the answered one with a BYE.
 */
class ForkingContextTest {
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
    void theForksOfACallShareOneForkingContext() throws Exception {
        fixture = ServerFixture.startedWithServlet(home, "MESSAGE@network", "forking", ForkingServlet.class);
        agent = new SipAgent();
        String server = "sip:forking@127.0.0.1:" + fixture.udpPort();
        Request trigger = agent.newRequest("MESSAGE", server, agent.uri("alice"), server);
        trigger.setContent(agent.uri("bob"), (ContentTypeHeader) javax.sip.SipFactory.getInstance()
                .createHeaderFactory().createHeader("Content-Type", "text/plain"));
        ClientTransaction t = agent.send(trigger);
        assertEquals(200, agent.awaitFinalResponse(t, WAIT).getStatusCode());

        RequestEvent invite = agent.awaitRequest("INVITE", WAIT);
        agent.respond(invite, withToTag(agent.createResponse(invite, 180), "fork-1"));
        agent.respond(invite, withToTag(agent.createResponse(invite, 180), "fork-2"));
        // the second 180 must be in before the 200 overtakes it
        Response answer = withToTag(agent.createResponse(invite, 200), "fork-2");
        Poll.until(() -> fixture.server().sessions().all().stream().anyMatch(s -> countSip(s) == 2), WAIT,
                () -> "the second fork's session is not derived yet");
        agent.respond(invite, answer);
        RequestEvent report = agent.awaitRequest("MESSAGE", WAIT);
        agent.respond(report, 200);
        assertEquals("early=2 sessions=2 shared=true",
                new String(report.getRequest().getRawContent(), StandardCharsets.UTF_8));

        RequestEvent bye = agent.awaitRequest("BYE", WAIT);
        assertEquals("fork-2", ((ToHeader) bye.getRequest().getHeader(ToHeader.NAME)).getTag(),
                "terminateDialogs hangs up the answered fork");
        assertEquals(((CallIdHeader) invite.getRequest().getHeader(CallIdHeader.NAME)).getCallId(),
                ((CallIdHeader) bye.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        agent.respond(bye, 200);
    }

    private static int countSip(jakarta.servlet.sip.SipApplicationSession s) {
        int n = 0;
        for (java.util.Iterator<?> it = s.getSessions("SIP"); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    private static Response withToTag(Response r, String tag) throws java.text.ParseException {
        ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(tag);
        return r;
    }
}
