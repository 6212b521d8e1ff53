package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.B2buaServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.Dnsmasq;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.Statistics;

/**
 * RFC 3263 failover for a request an application sends itself (issue 15): a B2BUA application's leg
 * to {@code sip:uas@example.test}, sent with {@code SipServletRequest.send()}, finds two SRV targets
 * in dnsmasq, each a SIPp UAS; the priority-10 one answers 503, and the leg goes on to the
 * priority-20 one on a new transaction; the application, and so the caller, only sees that one's
 * answer, and the call completes (ACK, BYE) there.
 */
class AppDnsFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    private Dnsmasq dns;
    private ServerFixture fixture;
    private final SipAgent caller = new SipAgent();

    @AfterEach
    void stop() {
        caller.close();
        if (fixture != null) {
            fixture.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void aB2buaLegSentByTheApplicationMovesToTheNextSrvTargetOn503() throws Exception {
        Sipp.require();
        Sipp unavailable = Sipp.scenario("sipp/proxy-uas-unavailable.xml").calls(1).timeout(WAIT);
        Sipp answers = Sipp.builtIn("uas").calls(1).timeout(WAIT);
        dns = Dnsmasq.start(home,
                "--srv-host=_sip._udp.example.test,a.example.test," + unavailable.localPort() + ",10,10",
                "--srv-host=_sip._udp.example.test,b.example.test," + answers.localPort() + ",20,10",
                "--host-record=a.example.test,127.0.0.1",
                "--host-record=b.example.test,127.0.0.1");
        fixture = new ServerFixture(home).dar(DarText.route("INVITE", "b2bua"))
                .configure(b -> b.dns(d -> d.withServers(List.of(new InetSocketAddress("127.0.0.1", dns.port())))
                        .withFailover(true).withBlocklist(true).withBlocklistExpire(Duration.ofSeconds(60))));
        fixture.deploy(SarBuilder.named("b2bua.sar")
                .sipXml(SarBuilder.sipXml("b2bua", "b2bua", B2buaServlet.class.getName()))
                .withClasses(B2buaServlet.class));
        fixture.start();
        try (Sipp.Running first = unavailable.start(); Sipp.Running second = answers.start()) {
            String server = "sip:uas@127.0.0.1:" + fixture.udpPort();
            Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
            invite.addHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("X-Target",
                    "sip:uas@example.test"));
            caller.attachSdp(invite);
            ClientTransaction ct = caller.send(invite);
            Response ok = caller.awaitFinalResponse(ct, WAIT);
            assertEquals(200, ok.getStatusCode(), "the caller hears the second target's answer, not the 503");
            caller.sendAck(ok);
            SippResult refused = first.awaitResult();
            assertTrue(refused.allSucceeded(), "the priority-10 target got the INVITE and the ACK of its 503: "
                    + refused);
            ClientTransaction bye = caller.send(caller.newInDialogRequest(ok, "BYE"));
            assertEquals(200, caller.awaitFinalResponse(bye, WAIT).getStatusCode());
            SippResult answered = second.awaitResult();
            assertTrue(answered.allSucceeded(), "the call completed at the priority-20 target: " + answered);
        }
        assertEquals(1L, fixture.server().services().get(Statistics.class).snapshot("dns:failovers")
                .get("dns:failovers"));
    }
}
