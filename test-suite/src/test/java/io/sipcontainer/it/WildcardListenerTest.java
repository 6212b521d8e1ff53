package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.ContactHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.B2buaServlet;
import org.example.testapps.ProxyServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.Transport;
import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * A server whose only SIP socket is the wildcard {@code udp:0.0.0.0} (issue 15) never writes
 * 0.0.0.0 into a message: Via, Record-Route and Contact carry the local address that routes to the
 * peer (here 127.0.0.1), as Kamailio does. Once through a record-routing proxy application, once
 * through a B2BUA (whose legs and answers carry the server's own Contact).
 */
class WildcardListenerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private final SipAgent caller = new SipAgent();
    private final SipAgent callee = new SipAgent();

    @AfterEach
    void stop() {
        caller.close();
        callee.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(String app, Class<?> servlet) throws Exception {
        fixture = new ServerFixture(home).withoutDefaultListens().dar(DarText.route("INVITE", app))
                .configure(b -> b.listen(Transport.UDP, "0.0.0.0", 0));
        fixture.deploy(SarBuilder.named(app + ".sar").sipXml(SarBuilder.sipXml(app, app, servlet.getName()))
                .withClasses(servlet));
        fixture.start();
    }

    private ClientTransaction invite(String header, String value, String... more) throws Exception {
        String server = "sip:bob@127.0.0.1:" + fixture.udpPort();
        Request invite = caller.newRequest("INVITE", server, caller.uri("alice"), server);
        javax.sip.header.HeaderFactory headers = javax.sip.SipFactory.getInstance().createHeaderFactory();
        invite.addHeader(headers.createHeader(header, value));
        for (int i = 0; i < more.length; i += 2) {
            invite.addHeader(headers.createHeader(more[i], more[i + 1]));
        }
        caller.attachSdp(invite);
        return caller.send(invite);
    }

    private static List<String> values(Message m, String name) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = m.getHeaders(name); it.hasNext();) {
            out.add(it.next().toString().strip());
        }
        return out;
    }

    @Test
    void aProxyRecordRoutesAndViasWithTheAddressThatReachesEachPeer() throws Exception {
        start("proxy", ProxyServlet.class);
        ClientTransaction ct = invite("X-Targets", callee.uri("bob"), "X-RR", "yes");
        RequestEvent in = callee.awaitRequest("INVITE", WAIT);
        ViaHeader top = (ViaHeader) in.getRequest().getHeader(ViaHeader.NAME);
        assertEquals("127.0.0.1", top.getHost(), "the proxy's Via");
        List<String> routes = values(in.getRequest(), "Record-Route");
        assertEquals(1, routes.size(), "one socket, one address for both sides: " + routes);
        assertTrue(routes.get(0).contains("sip:127.0.0.1:" + fixture.udpPort() + ";lr"), routes.toString());
        callee.respond(in, callee.createResponse(in, 200));
        Response ok = caller.awaitFinalResponse(ct, WAIT);
        assertEquals(200, ok.getStatusCode());
        assertFalse(ok.toString().contains("0.0.0.0"), ok.toString());
        assertFalse(in.getRequest().toString().contains("0.0.0.0"), in.getRequest().toString());
    }

    @Test
    void aB2buaLegAndItsAnswerCarryTheRoutedAddressInViaAndContact() throws Exception {
        start("b2bua", B2buaServlet.class);
        ClientTransaction ct = invite("X-Target", callee.uri("bob"));
        RequestEvent leg = callee.awaitRequest("INVITE", WAIT);
        assertEquals("127.0.0.1", ((ViaHeader) leg.getRequest().getHeader(ViaHeader.NAME)).getHost());
        ContactHeader contact = (ContactHeader) leg.getRequest().getHeader(ContactHeader.NAME);
        assertTrue(contact.getAddress().getURI().toString().contains("@127.0.0.1:" + fixture.udpPort()),
                "the leg's Contact: " + contact);
        callee.respond(leg, callee.createResponse(leg, 200));
        Response ok = caller.awaitFinalResponse(ct, WAIT);
        assertEquals(200, ok.getStatusCode());
        ContactHeader answer = (ContactHeader) ok.getHeader(ContactHeader.NAME);
        assertTrue(answer.getAddress().getURI().toString().contains("127.0.0.1:" + fixture.udpPort()),
                "the B2BUA's Contact toward the caller: " + answer);
        assertFalse(ok.toString().contains("0.0.0.0") || leg.getRequest().toString().contains("0.0.0.0"),
                ok + "\n" + leg.getRequest());
    }
}
