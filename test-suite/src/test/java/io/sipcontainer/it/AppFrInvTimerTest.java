package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.B2buaServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;

/**
 * Kamailio tm's {@code fr_inv_timer} for an INVITE an application sends (issue 15): a B2BUA leg to
 * a SIPp callee that says 100 Trying, rings (180) and never answers is cancelled by the server once
 * it has rung
 * {@code tm.fr_inv_timer} (1 s here); the callee answers the CANCEL and ends the INVITE with 487,
 * which the application relays, so the caller hears 487 well within the test's wait (without the
 * timer the leg would ring until the caller gave up).
 */
class AppFrInvTimerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private final SipAgent caller = new SipAgent();

    @AfterEach
    void stop() {
        caller.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aLegRingingPastFrInvTimerIsCancelledAndTheCallerHears487() throws Exception {
        Sipp.require();
        Sipp ringing = Sipp.scenario("sipp/uas-trying-ring-cancel.xml").calls(1).timeout(WAIT);
        fixture = new ServerFixture(home).dar(DarText.route("INVITE", "b2bua"))
                .configure(b -> b.moduleParam("tm.fr_inv_timer", "1000"));
        fixture.deploy(SarBuilder.named("b2bua.sar")
                .sipXml(SarBuilder.sipXml("b2bua", "b2bua", B2buaServlet.class.getName()))
                .withClasses(B2buaServlet.class));
        fixture.start();
        try (Sipp.Running callee = ringing.start()) {
            String server = "sip:uas@127.0.0.1:" + fixture.udpPort();
            Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
            invite.addHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("X-Target",
                    "sip:callee@127.0.0.1:" + ringing.localPort()));
            caller.attachSdp(invite);
            ClientTransaction ct = caller.send(invite);
            Response last = caller.awaitFinalResponse(ct, WAIT);
            assertEquals(487, last.getStatusCode(), "the leg was cancelled after fr_inv_timer and its 487 relayed");
            SippResult result = callee.awaitResult();
            assertTrue(result.allSucceeded(), "the callee rang, got the CANCEL and the ACK of its 487: " + result);
        }
    }
}
