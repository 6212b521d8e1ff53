package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;

import org.example.testapps.PrackUacServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;

/**
 * The UAC side of RFC 3262 end to end: {@link PrackUacServlet}, deployed as a .sar, calls a SIPp
 * callee that answers with a reliable 183 sent twice; the application PRACKs it once with
 * {@code createPrack} (RAck naming the RSeq; the retransmission never reaches it), then gets the 200,
 * acknowledges it and hangs up. SIPp fails on a second PRACK or a wrong RAck.
 */
class PrackUacTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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
    void anApplicationPracksAReliable183OnceAndCompletesTheCall() throws Exception {
        fixture = ServerFixture.startedWithServlet(home, "MESSAGE", "prackuac", PrackUacServlet.class);
        Sipp callee = Sipp.scenario("sipp/prack-uas.xml").calls(1).timeout(Duration.ofSeconds(30));
        try (Sipp.Running running = callee.start()) {
            agent = new SipAgent();
            String server = "sip:prackuac@127.0.0.1:" + fixture.udpPort();
            Request trigger = agent.newRequest("MESSAGE", server, agent.uri("alice"), server);
            trigger.setContent("sip:callee@127.0.0.1:" + running.localPort(), (ContentTypeHeader) javax.sip.SipFactory
                    .getInstance().createHeaderFactory().createHeader("Content-Type", "text/plain"));
            ClientTransaction t = agent.send(trigger);
            assertEquals(200, agent.awaitFinalResponse(t, WAIT).getStatusCode());
            SippResult result = running.awaitResult();
            assertTrue(result.allSucceeded(), "callee: " + result);
        }
        Poll.until(() -> fixture.server().sessions().size() == 0, WAIT,
                () -> "application sessions left: " + fixture.server().sessions().size());
    }
}
