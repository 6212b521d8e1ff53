package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.ContactHeader;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.ProxyServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * The container's proxy (RFC 3261 section 16) driven by JAIN-SIP agents as caller and callees
 * through a real server: record-routing and loose routing, CANCEL, busy and silent callees,
 * parallel and sequential forking, recursion on 3xx, Max-Forwards and loop detection.
 */
class ProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent caller;
    private SipAgent callee;
    private SipAgent callee2;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(home).dar(
                "INVITE: (\"proxy\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n"
                + "MESSAGE: (\"proxy\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n");
        fixture.deploy(SarBuilder.named("proxy.sar").sipXml(SarBuilder.sipXml("proxy", "proxy",
                ProxyServlet.class.getName())).withClasses(ProxyServlet.class));
        fixture.start();
        caller = new SipAgent();
        callee = new SipAgent();
        callee2 = new SipAgent();
    }

    @AfterEach
    void stop() {
        for (SipAgent a : new SipAgent[] {caller, callee, callee2}) {
            if (a != null) {
                a.close();
            }
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private Request invite(String targets, String... options) throws Exception {
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
        invite.addHeader(header("X-Targets", targets));
        for (String option : options) {
            String[] kv = option.split("=", 2);
            invite.addHeader(header(kv[0], kv.length > 1 ? kv[1] : "yes"));
        }
        caller.attachSdp(invite);
        return invite;
    }

    private static Header header(String name, String value) throws Exception {
        return javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader(name, value);
    }

    private void awaitNoSessions() {
        Poll.until(() -> fixture.server().sessions().size() == 0, WAIT, () -> "sessions left: " + fixture.server().sessions().size());
    }

    @Test
    void recordRoutedCallIsRelayedAndItsDialogRoutedThroughTheProxy() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob"), "X-RR"));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        Request received = in.getRequest();
        assertEquals(69, ((MaxForwardsHeader) received.getHeader(MaxForwardsHeader.NAME)).getMaxForwards());
        RecordRouteHeader rr = (RecordRouteHeader) received.getHeader(RecordRouteHeader.NAME);
        assertNotNull(rr, "the proxy record-routes");
        assertTrue(rr.toString().contains(";lr"), rr.toString());
        assertTrue(rr.toString().contains("127.0.0.1:" + fixture.udpPort()), rr.toString());
        List<ViaHeader> vias = vias(received);
        assertEquals(2, vias.size(), "the proxy adds its Via above the caller's");
        assertEquals(caller.port(), vias.get(1).getRPort(), "the caller's Via gets rport");
        assertEquals("127.0.0.1", vias.get(1).getReceived(), "and received");

        callee.respond(in, 180);
        Response ok = callee.createResponse(in, 200);
        callee.respond(in, ok);
        Response answer = caller.awaitFinalResponse(ct, WAIT);
        assertEquals(200, answer.getStatusCode());
        assertNotNull(answer.getHeader(RecordRouteHeader.NAME), "the 2xx carries the Record-Route back");
        assertEquals(1, vias(answer).size(), "the proxy removed its Via from the response");

        caller.sendAck(answer);
        RequestEvent ack = callee.awaitRequest("ACK", WAIT);
        assertFalse(ack.getRequest().getHeaders("Route").hasNext(), "the proxy popped its Route from the ACK");

        ClientTransaction bye = caller.send(caller.newInDialogRequest(answer, "BYE"));
        RequestEvent byeIn = callee.awaitRequest("BYE", WAIT);
        callee.respond(byeIn, 200);
        assertEquals(200, caller.awaitFinalResponse(bye, WAIT).getStatusCode());
        awaitNoSessions();

        java.util.Map<String, Long> stats = fixture.server().services()
                .get(io.sipcontainer.service.Statistics.class).snapshot("all");
        assertTrue(stats.get("tmx:rpl_relayed") >= 3, "180, 200 and the BYE's 200 relayed: " + stats);
        assertTrue(stats.get("tmx:UAS_transactions") >= 2, stats.toString());
        assertTrue(stats.get("tmx:UAC_transactions") >= 2, stats.toString());
        assertTrue(stats.get("core:fwd_requests") >= 3, "INVITE, ACK and BYE forwarded: " + stats);
    }

    @Test
    void cancelBeforeAnswerCancelsTheBranchAndTheInviteEnds487() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob")));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        callee.respond(in, 180);
        awaitStatus(caller, 180);
        ClientTransaction cancel = caller.send(ct.createCancel());
        assertEquals(200, caller.awaitFinalResponse(cancel, WAIT).getStatusCode());
        RequestEvent cancelIn = callee.awaitRequest("CANCEL", WAIT);
        callee.respond(cancelIn, 200);
        callee.respond(in, 487);
        assertEquals(487, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
        awaitNoSessions();
    }

    @Test
    void aCancelAfterTheAnswerGets200AndLeavesTheCallUp() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob")));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        callee.respond(in, 200);
        Response answer = caller.awaitFinalResponse(ct, WAIT);
        assertEquals(200, answer.getStatusCode());

        // the proxy let go of the answered INVITE's data; its transaction still exists (RFC 3261 9.2)
        ClientTransaction cancel = caller.send(ct.createCancel());
        assertEquals(200, caller.awaitFinalResponse(cancel, WAIT).getStatusCode());

        caller.sendAck(answer);
        callee.awaitRequest("ACK", WAIT);
        ClientTransaction bye = caller.send(caller.newInDialogRequest(answer, "BYE"));
        callee.respond(callee.awaitRequest("BYE", WAIT), 200);
        assertEquals(200, caller.awaitFinalResponse(bye, WAIT).getStatusCode());
        awaitNoSessions();
    }

    @Test
    void busyCalleeAnswerReachesTheCaller() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob")));
        callee.respond(callee.awaitRequest("INVITE", WAIT), 486);
        assertEquals(486, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
        awaitNoSessions();
    }

    @Test
    void silentCalleeIsCancelledAfterTheTimeoutAndTheCallerGets408() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob"), "X-Timeout=1"));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        callee.respond(in, 180);
        RequestEvent cancelIn = callee.awaitRequest("CANCEL", WAIT);
        callee.respond(cancelIn, 200);
        Response timeout = caller.awaitFinalResponse(ct, WAIT);
        assertEquals(408, timeout.getStatusCode());
        assertNotNull(((javax.sip.header.ToHeader) timeout.getHeader("To")).getTag(),
                "the proxy's own 408 has a To tag (RFC 3261 8.2.6.2)");
        callee.respond(in, 487);
        awaitNoSessions();
    }

    @Test
    void parallelForkFirstAnswerWinsAndTheOtherBranchIsCancelled() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob") + "," + callee2.uri("bob")));
        RequestEvent first = callee.awaitRequest("INVITE", WAIT);
        RequestEvent second = callee2.awaitRequest("INVITE", WAIT);
        callee2.respond(second, 180);
        callee.respond(first, 200);
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
        RequestEvent cancelIn = callee2.awaitRequest("CANCEL", WAIT);
        assertTrue(cancelIn.getRequest().getHeader("Reason").toString().contains("cause=200"));
        callee2.respond(cancelIn, 200);
        callee2.respond(second, 487);
    }

    @Test
    void sequentialForkFailsOverOn5xx() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob") + "," + callee2.uri("bob"), "X-Sequential"));
        RequestEvent first = callee.awaitRequest("INVITE", WAIT);
        assertTrue(callee2.pollRequest("INVITE", Duration.ofMillis(300)).isEmpty(), "one branch at a time");
        callee.respond(first, 503);
        RequestEvent second = callee2.awaitRequest("INVITE", WAIT);
        callee2.respond(second, 200);
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
    }

    @Test
    void downstream503ReachesTheCallerAs500() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob")));
        callee.respond(callee.awaitRequest("INVITE", WAIT), 503);
        assertEquals(500, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
    }

    @Test
    void redirectIsFollowedWhenRecursing() throws Exception {
        ClientTransaction ct = caller.send(invite(callee.uri("bob")));
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        Response moved = callee.createResponse(in, 302);
        moved.setHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createContactHeader(
                javax.sip.SipFactory.getInstance().createAddressFactory().createAddress(callee2.uri("carol"))));
        callee.respond(in, moved);
        RequestEvent redirected = callee2.awaitRequest("INVITE", WAIT);
        assertEquals(callee2.uri("carol"), redirected.getRequest().getRequestURI().toString());
        callee2.respond(redirected, 200);
        assertEquals(200, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
    }

    @Test
    void maxForwardsZeroGets483() throws Exception {
        Request invite = invite(callee.uri("bob"));
        ((MaxForwardsHeader) invite.getHeader(MaxForwardsHeader.NAME)).setMaxForwards(0);
        ClientTransaction ct = caller.send(invite);
        assertEquals(483, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
        assertTrue(callee.pollRequest("INVITE", Duration.ofMillis(200)).isEmpty());
    }

    @Test
    void requestLoopingBackToTheProxyGets482() throws Exception {
        String self = "sip:bob@127.0.0.1:" + fixture.udpPort();
        ClientTransaction ct = caller.send(invite(self));
        assertEquals(482, caller.awaitFinalResponse(ct, WAIT).getStatusCode());
    }

    @Test
    void changingTransportGivesADoubleRecordRouteWithR2() throws Exception {
        try (java.net.Socket tcpCaller = new java.net.Socket("127.0.0.1", fixture.tcpPort())) {
            int localPort = tcpCaller.getLocalPort();
            String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
            String invite = "INVITE " + server + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:" + localPort + ";branch=z9hG4bK-tcp-" + System.nanoTime() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:alice@127.0.0.1>;tag=tcp1\r\n"
                    + "To: <" + server + ">\r\n"
                    + "Call-ID: tcp-" + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:alice@127.0.0.1:" + localPort + ";transport=tcp>\r\n"
                    + "X-Targets: " + callee.uri("bob") + "\r\n"
                    + "X-RR: yes\r\n"
                    + "Content-Length: 0\r\n\r\n";
            tcpCaller.getOutputStream().write(invite.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            tcpCaller.getOutputStream().flush();
            RequestEvent in = callee.awaitRequest("INVITE", WAIT);
            List<String> recordRoutes = new ArrayList<>();
            ListIterator<?> it = in.getRequest().getHeaders(RecordRouteHeader.NAME);
            while (it.hasNext()) {
                recordRoutes.add(it.next().toString().trim());
            }
            assertEquals(2, recordRoutes.size(), "TCP in, UDP out: two Record-Routes " + recordRoutes);
            assertTrue(!recordRoutes.get(0).contains("transport=") && recordRoutes.get(0).contains("r2=on"),
                    "the top one names the outgoing UDP socket: " + recordRoutes.get(0));
            assertTrue(recordRoutes.get(1).contains("transport=tcp") && recordRoutes.get(1).contains("r2=on"),
                    "the next one the incoming TCP socket: " + recordRoutes.get(1));
            callee.respond(in, 486);
        }
    }

    private static void awaitStatus(SipAgent agent, int status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (agent.awaitResponse(WAIT).getStatusCode() == status) {
                return;
            }
        }
        throw new AssertionError("no " + status);
    }

    private static List<ViaHeader> vias(javax.sip.message.Message m) {
        List<ViaHeader> out = new ArrayList<>();
        ListIterator<?> it = m.getHeaders(ViaHeader.NAME);
        while (it.hasNext()) {
            out.add((ViaHeader) it.next());
        }
        return out;
    }

    @SuppressWarnings("unused")
    private static String contactOf(Response r) {
        return ((ContactHeader) r.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
    }
}
