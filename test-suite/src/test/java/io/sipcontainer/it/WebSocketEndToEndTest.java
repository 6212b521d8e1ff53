package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sip.ClientTransaction;
import javax.sip.message.Request;

import org.example.testapps.UacServlet;
import org.example.testapps.WsRelayServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.WebSocketEndpoint;
import io.sipcontainer.it.support.WsSipClient;

/**
 * SIP over WebSocket through the whole server: a WebSocket client (the JDK's, speaking SIP as a
 * browser library does) and a UDP agent exchange requests through deployed applications, and every
 * message for the WebSocket client comes back on the connection it opened.
 */
class WebSocketEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private WebSocketEndpoint endpoint;
    private SipAgent agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private void startWith(String app, Class<?> servlet, String... methods) throws Exception {
        StringBuilder dar = new StringBuilder();
        for (String m : methods) {
            dar.append(DarText.route(m, app));
        }
        fixture = new ServerFixture(home).dar(dar.toString());
        fixture.deploy(SarBuilder.named(app + ".sar").sipXml(SarBuilder.sipXml(app, app, servlet.getName()))
                .withClasses(servlet));
        fixture.start();
        endpoint = WebSocketEndpoint.of(fixture.server());
        agent = new SipAgent();
    }

    private void startRelay() throws Exception {
        startWith("relay", WsRelayServlet.class, "OPTIONS", "REGISTER", "MESSAGE");
    }

    private String server() {
        return "127.0.0.1:" + fixture.udpPort();
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring("SIP/2.0 ".length(), "SIP/2.0 ".length() + 3));
    }

    @Test
    void optionsRegisterAndMessageFromAWebSocketClientAreAnsweredOnItsConnection() throws Exception {
        startRelay();
        try (WsSipClient alice = new WsSipClient(endpoint.uri(), "a1ice0ws.invalid")) {
            alice.send(alice.request("OPTIONS", "sip:" + server(), "alice", "sip:" + server(), "ws-opt", List.of(), null));
            String options = alice.receive(WAIT);
            assertEquals(200, status(options), options);
            assertEquals("WS", WsSipClient.header(options, "X-Transport"));
            String context = WsSipClient.header(options, "X-WebSocket");
            assertTrue(context.matches("\\d+ sip 127\\.0\\.0\\.1:\\d+ / open"), "the application sees the connection: " + context);
            Matcher via = Pattern.compile("a1ice0ws\\.invalid;branch=\\S+;received=127\\.0\\.0\\.1;rport=(\\d+)")
                    .matcher(WsSipClient.header(options, "Via"));
            assertTrue(via.find(), options);
            assertTrue(context.contains(":" + via.group(1) + " "), "rport is the connection's remote port");

            alice.send(alice.request("REGISTER", "sip:" + server(), "alice", "sip:alice@" + server(), "ws-reg",
                    List.of("Expires: 600"), null));
            String register = alice.receive(WAIT);
            assertEquals(200, status(register), register);
            assertEquals("<" + alice.contact("alice") + ">;expires=600", WsSipClient.header(register, "Contact"));

            alice.send(alice.request("MESSAGE", "sip:alice@" + server(), "alice", "sip:alice@" + server(), "ws-msg",
                    List.of(), "note to self"));
            assertEquals(200, status(alice.receive("SIP/2.0", WAIT)));
            // the relay sends the message on to alice's registered contact: back over her connection
            String relayed = alice.receive("MESSAGE ", WAIT);
            assertTrue(relayed.endsWith("note to self"), relayed);
            alice.send(alice.response(relayed, 200, "OK", "a-ok", null));
        }
    }

    @Test
    void aUdpAgentReachesAWebSocketClientByItsRegisteredInvalidContact() throws Exception {
        startRelay();
        try (WsSipClient bob = new WsSipClient(endpoint.uri(), "b0b1ws.invalid")) {
            bob.send(bob.request("REGISTER", "sip:" + server(), "bob", "sip:bob@" + server(), "bob-reg", List.of(), null));
            assertEquals(200, status(bob.receive(WAIT)));

            ClientTransaction sent = agent.send(message(agent.newRequest("MESSAGE", "sip:bob@" + server(),
                    agent.uri("carol"), "sip:bob@" + server()), "hello bob"));
            assertEquals(200, agent.awaitFinalResponse(sent, WAIT).getStatusCode());

            String message = bob.receive("MESSAGE ", WAIT);
            assertTrue(message.startsWith("MESSAGE " + bob.contact("bob") + " SIP/2.0"), message);
            assertTrue(message.endsWith("hello bob"), message);
            String via = WsSipClient.header(message, "Via");
            assertTrue(via.startsWith("SIP/2.0/WS 127.0.0.1:" + endpoint.port()), "the server's Via names its WebSocket port: " + via);
            bob.send(bob.response(message, 200, "OK", "b-ok", null));
        }
    }

    @Test
    void aUdpAgentReachesAWebSocketClientByItsReceivedAddress() throws Exception {
        startRelay();
        try (WsSipClient dave = new WsSipClient(endpoint.uri(), "d4ve.invalid")) {
            dave.send(dave.request("OPTIONS", "sip:" + server(), "dave", "sip:" + server(), "dave-opt", List.of(), null));
            Matcher rport = Pattern.compile("rport=(\\d+)").matcher(WsSipClient.header(dave.receive(WAIT), "Via"));
            assertTrue(rport.find());
            // what a registrar stores as the received address of a WebSocket contact
            String received = "sip:dave@127.0.0.1:" + rport.group(1) + ";transport=ws";
            Request byAddress = message(agent.newRequest("MESSAGE", received, agent.uri("carol"),
                    "sip:dave@example.com"), "by address");
            byAddress.addHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("Route",
                    "<sip:" + server() + ";lr>")); // the agent reaches the server, which routes on the URI
            ClientTransaction sent = agent.send(byAddress);
            assertEquals(200, agent.awaitFinalResponse(sent, WAIT).getStatusCode());
            String message = dave.receive("MESSAGE ", WAIT);
            assertTrue(message.endsWith("by address"), message);
            dave.send(dave.response(message, 200, "OK", "d-ok", null));
        }
    }

    @Test
    void anApplicationCallsAWebSocketClientInviteAckAndByeOverItsConnection() throws Exception {
        startWith("uac", UacServlet.class, "MESSAGE");
        try (WsSipClient erin = new WsSipClient(endpoint.uri(), "er1n.invalid")) {
            // the client needs an open connection the server knows it by: any request names it
            erin.send(erin.request("OPTIONS", "sip:" + server(), "erin", "sip:" + server(), "erin-opt", List.of(), null));
            erin.receive(WAIT);
            ClientTransaction trigger = agent.send(message(agent.newRequest("MESSAGE", "sip:uac@" + server(),
                    agent.uri("carol"), "sip:uac@" + server()), erin.contact("erin")));
            assertEquals(200, agent.awaitFinalResponse(trigger, WAIT).getStatusCode());

            String invite = erin.receive("INVITE ", WAIT);
            assertTrue(invite.startsWith("INVITE " + erin.contact("erin")), invite);
            erin.send(erin.response(invite, 200, "OK", "erin-tag", "erin"));
            String ack = erin.receive("ACK ", WAIT);
            assertEquals(WsSipClient.header(invite, "Call-ID"), WsSipClient.header(ack, "Call-ID"));
            String bye = erin.receive("BYE ", WAIT);
            assertTrue(WsSipClient.header(bye, "To").contains("tag=erin-tag"), bye);
            erin.send(erin.response(bye, 200, "OK", null, null));
        }
    }

    @Test
    void aRequestComposedToAnotherApplicationLoopsThroughTheWebSocketTransportItself() throws Exception {
        fixture = new ServerFixture(home).dar(DarText.route("OPTIONS", "relay") + DarText.route("REGISTER", "relay")
                + DarText.route("MESSAGE", "relay", "uas"));
        fixture.deploy(SarBuilder.named("relay.sar").sipXml(SarBuilder.sipXml("relay", "relay",
                WsRelayServlet.class.getName())).withClasses(WsRelayServlet.class));
        fixture.deploy(SarBuilder.named("uas.sar").sipXml(SarBuilder.sipXml("uas", "uas",
                org.example.testapps.UasServlet.class.getName())).withClasses(org.example.testapps.UasServlet.class));
        fixture.start();
        endpoint = WebSocketEndpoint.of(fixture.server());
        agent = new SipAgent();
        try (WsSipClient fay = new WsSipClient(endpoint.uri(), "f4y.invalid")) {
            fay.send(fay.request("REGISTER", "sip:" + server(), "fay", "sip:fay@" + server(), "fay-reg", List.of(), null));
            assertEquals(200, status(fay.receive(WAIT)));
            // the relay's MESSAGE to fay's WebSocket contact goes on to "uas" first: through the container
            // again, over a Route to the server's own WebSocket address
            ClientTransaction sent = agent.send(message(agent.newRequest("MESSAGE", "sip:fay@" + server(),
                    agent.uri("carol"), "sip:fay@" + server()), "via uas"));
            assertEquals(200, agent.awaitFinalResponse(sent, WAIT).getStatusCode());
            io.sipcontainer.it.support.Poll.until(() -> "200".equals(lastRelayed()), WAIT,
                    () -> "the uas application answered the relayed MESSAGE; last relayed: " + lastRelayed());
            assertEquals(null, fay.pollMessage(Duration.ofMillis(300)), "uas answered in fay's place");
        }
    }

    private String lastRelayed() {
        ClientTransaction options = agent.send(agent.newRequest("OPTIONS", "sip:" + server(), agent.uri("carol"),
                "sip:" + server()));
        return agent.awaitFinalResponse(options, WAIT).getHeader("X-Last-Relayed").toString()
                .replaceFirst("(?i)^X-Last-Relayed:\\s*", "").strip();
    }

    private static Request message(Request request, String body) throws Exception {
        request.setContent(body, javax.sip.SipFactory.getInstance().createHeaderFactory()
                .createContentTypeHeader("text", "plain"));
        return request;
    }
}
