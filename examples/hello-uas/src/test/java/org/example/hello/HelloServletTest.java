package org.example.hello;

import javax.sip.message.Response;

import org.junit.jupiter.api.Test;

import io.sipcontainer.testkit.Exchange;
import io.sipcontainer.testkit.SipClient;
import io.sipcontainer.testkit.SipContainer;
import io.sipcontainer.testkit.SipContainerTest;

@SipContainerTest(servlets = HelloServlet.class, darFile = "dar.properties")
class HelloServletTest {

    @Test
    void answersACallAndHangsUp(SipContainer container, SipClient client) {
        Exchange call = client.send(client.invite(container.sipUri("bob")));
        Response ok = call.expect(200);
        client.ack(ok);
        client.send(client.inDialog(ok, "BYE")).expect(200);
        container.await(() -> container.applicationSessions().isEmpty(), "the call's session is gone");
    }
}
