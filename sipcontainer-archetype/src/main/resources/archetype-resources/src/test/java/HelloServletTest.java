package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sip.message.Response;

import org.junit.jupiter.api.Test;

import io.sipcontainer.testkit.SipClient;
import io.sipcontainer.testkit.SipContainer;
import io.sipcontainer.testkit.SipContainerTest;

/** Runs HelloServlet in an embedded container and calls it. */
@SipContainerTest(servlets = HelloServlet.class, dar = {"INVITE: ${artifactId}", "OPTIONS: ${artifactId}"})
class HelloServletTest {

    @Test
    void answersACallWithItsGreeting(SipContainer container, SipClient client) {
        Response ok = client.send(client.invite(container.sipUri("bob"))).expect(200);
        assertEquals("X-Greeting: " + HelloServlet.GREETING, ok.getHeader("X-Greeting").toString().trim());
        client.ack(ok);
        client.send(client.inDialog(ok, "BYE")).expect(200);
    }
}
