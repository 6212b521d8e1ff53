package io.sipcontainer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testkit.KitServlet;
import org.junit.jupiter.api.Test;

/**
 * The kit used as an application's test uses it: a container with one servlet deployed, the client
 * as caller and callee, statistics and sessions read, and a failing expectation reported as such.
 */
@SipContainerTest(servlets = KitServlet.class, dar = {"INVITE: kit", "MESSAGE: kit"})
class SipContainerTestTest {

    @Test
    void deploysTheServletsAsOneApplication(SipContainer container) {
        assertEquals(List.of("kit"), container.applications());
    }

    @Test
    void callsAndHangsUpWithSessionsAndStatisticsVisible(SipContainer container, SipClient client) {
        Exchange invite = client.send(client.invite(container.sipUri("bob")));
        Response ok = invite.expect(200);
        client.ack(ok);
        container.await(() -> container.applicationSessions().stream()
                .anyMatch(s -> client.uri("alice").equals(s.getAttribute("caller"))), "the caller recorded in the session");

        client.send(client.inDialog(ok, Request.BYE)).expect(200);
        container.await(() -> container.applicationSessions().isEmpty(), "the application session invalidated");
        assertTrue(container.statistic("sl:200_replies") + container.statistic("tmx:2xx_transactions") > 0,
                "some 2xx counted: " + container.statistics().snapshot("all"));
    }

    @Test
    void answersAsCalleeWhatTheApplicationProxies(SipContainer container, SipClient client) {
        // to the container (Route), which proxies it to the Request-URI: this client again
        Request message = client.request(Request.MESSAGE, client.uri("carol"));
        client.setHeader(message, "Route", "<sip:" + container.udpAddress().getHostString() + ":"
                + container.udpAddress().getPort() + ";lr>");
        client.setBody(message, "text", "plain", "hello");
        Exchange sent = client.send(message);
        Incoming received = client.expectRequest(Request.MESSAGE);
        assertEquals("hello", new String(received.request().getRawContent()));
        received.respond(202);
        sent.expect(202);
    }

    @Test
    void anUnmetExpectationFailsNamingWhatCame(SipContainer container, SipClient client) {
        Exchange invite = client.send(client.invite(container.sipUri("bob")));
        AssertionError failure = assertThrows(AssertionError.class, () -> invite.expect(486));
        assertTrue(failure.getMessage().contains("got 200"), failure.getMessage());
        client.ack(invite.finalResponse());
        client.send(client.inDialog(invite.finalResponse(), Request.BYE)).expect(200);
        client.timeout(Duration.ofMillis(200));
        assertThrows(AssertionError.class, () -> client.expectRequest(Request.OPTIONS));
    }
}
