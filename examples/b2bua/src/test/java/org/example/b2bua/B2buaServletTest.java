package org.example.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.Test;

import io.sipcontainer.testkit.Exchange;
import io.sipcontainer.testkit.Incoming;
import io.sipcontainer.testkit.SipClient;
import io.sipcontainer.testkit.SipContainer;
import io.sipcontainer.testkit.SipContainerTest;

@SipContainerTest(servlets = B2buaServlet.class, darFile = "dar.properties")
class B2buaServletTest {

    @Test
    void bridgesACallThroughTwoDialogs(SipContainer container, SipClient caller) {
        try (SipClient callee = new SipClient()) {
            Request invite = caller.invite(container.sipUri("bob"));
            caller.setHeader(invite, "X-Target", callee.uri("bob"));
            Exchange call = caller.send(invite);

            Incoming leg = callee.expectRequest("INVITE");
            assertEquals(null, leg.request().getHeader("X-Target"), "the header is for the B2BUA only");
            leg.respond(180);
            call.expectProvisional(180); // before answering: over UDP the two could arrive in either order
            leg.respond(200);
            Response ok = call.expect(200);

            caller.ack(ok);
            callee.expectRequest("ACK");
            caller.send(caller.inDialog(ok, "BYE")).expect(200);
            callee.expectRequest("BYE").respond(200);
            container.await(() -> container.applicationSessions().isEmpty(), "the call's session is gone");
        }
    }

    @Test
    void refusesACallWithoutTarget(SipContainer container, SipClient caller) {
        caller.send(caller.invite(container.sipUri("bob"))).expect(400);
    }
}
