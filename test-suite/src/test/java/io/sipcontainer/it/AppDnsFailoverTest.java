package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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
 * in dnsmasq; the priority-20 one is a SIPp UAS. When the priority-10 one answers 503, or says
 * nothing at all for {@code tm.fr_timer}, the leg goes on to the priority-20 one on a new
 * transaction; the application, and so the caller, only sees that one's answer, and the call
 * completes (ACK, BYE) there.
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
        startServer(unavailable.localPort(), answers.localPort(), b -> { });
        try (Sipp.Running first = unavailable.start(); Sipp.Running second = answers.start()) {
            Response ok = callThroughTheB2bua();
            assertEquals(200, ok.getStatusCode(), "the caller hears the second target's answer, not the 503");
            caller.sendAck(ok);
            SippResult refused = first.awaitResult();
            assertTrue(refused.allSucceeded(), "the priority-10 target got the INVITE and the ACK of its 503: "
                    + refused);
            hangUp(ok, second);
        }
        assertEquals(1L, failovers());
        assertEquals(0L, fixture.server().services().get(Statistics.class).snapshot("dns:slow_dns_request")
                .get("dns:slow_dns_request"), "counted under Kamailio's name; dns_slow_query_ms = 0 counts none");
    }

    /**
     * The priority-10 target is a socket that reads and never answers. With {@code tm.fr_timer} at
     * 1 s the leg leaves it after its INVITE was sent twice (at 0 and 0.5 s, Timer A), not after
     * Timer B's seven sends over 32 s, and the old transaction stops retransmitting there.
     */
    @Test
    void aB2buaLegWhoseTargetSaysNothingMovesOnAfterFrTimerNotTimerB() throws Exception {
        Sipp.require();
        Sipp answers = Sipp.builtIn("uas").calls(1).timeout(WAIT);
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            startServer(silent.getLocalPort(), answers.localPort(), b -> b.moduleParam("tm.fr_timer", "1000"));
            try (Sipp.Running second = answers.start()) {
                Response ok = callThroughTheB2bua();
                assertEquals(200, ok.getStatusCode(), "the caller hears the second target's answer");
                caller.sendAck(ok);
                hangUp(ok, second);
            }
            int sends = invitesReceived(silent);
            // Timer A sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s before Timer B fires: 7 sends
            // without fr_timer; 2 with it (3 or 4 on a machine so slow the timer thread lags seconds)
            assertTrue(sends >= 1 && sends <= 4, "the silent target got the INVITE " + sends
                    + " times: fr_timer (1 s), not Timer B (32 s), ended its wait");
        }
        assertEquals(1L, failovers());
    }

    private void startServer(int firstPort, int secondPort,
            java.util.function.Consumer<io.sipcontainer.config.ServerConfig.Builder> more) throws Exception {
        dns = Dnsmasq.start(home,
                "--srv-host=_sip._udp.example.test,a.example.test," + firstPort + ",10,10",
                "--srv-host=_sip._udp.example.test,b.example.test," + secondPort + ",20,10",
                "--host-record=a.example.test,127.0.0.1",
                "--host-record=b.example.test,127.0.0.1");
        fixture = new ServerFixture(home).dar(DarText.route("INVITE", "b2bua"))
                .configure(b -> {
                    b.dns(d -> d.withServers(List.of(new InetSocketAddress("127.0.0.1", dns.port())))
                            .withFailover(true).withBlocklist(true).withBlocklistExpire(Duration.ofSeconds(60)));
                    more.accept(b);
                    return b;
                });
        fixture.deploy(SarBuilder.named("b2bua.sar")
                .sipXml(SarBuilder.sipXml("b2bua", "b2bua", B2buaServlet.class.getName()))
                .withClasses(B2buaServlet.class));
        fixture.start();
    }

    /** An INVITE to the B2BUA whose leg goes to {@code sip:uas@example.test}; its final response. */
    private Response callThroughTheB2bua() throws Exception {
        String server = "sip:uas@127.0.0.1:" + fixture.udpPort();
        Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
        invite.addHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("X-Target",
                "sip:uas@example.test"));
        caller.attachSdp(invite);
        ClientTransaction ct = caller.send(invite);
        return caller.awaitFinalResponse(ct, WAIT);
    }

    private void hangUp(Response ok, Sipp.Running answering) throws Exception {
        ClientTransaction bye = caller.send(caller.newInDialogRequest(ok, "BYE"));
        assertEquals(200, caller.awaitFinalResponse(bye, WAIT).getStatusCode());
        SippResult answered = answering.awaitResult();
        assertTrue(answered.allSucceeded(), "the call completed at the priority-20 target: " + answered);
    }

    private long failovers() {
        return fixture.server().services().get(Statistics.class).snapshot("dns:failovers").get("dns:failovers");
    }

    /** The INVITEs queued on {@code socket} (a read that waits 300 ms for more ends the count). */
    private static int invitesReceived(DatagramSocket socket) throws Exception {
        socket.setSoTimeout(300);
        byte[] buffer = new byte[65_535];
        int invites = 0;
        while (true) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return invites;
            }
            if (new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).startsWith("INVITE ")) {
                invites++;
            }
        }
    }
}
