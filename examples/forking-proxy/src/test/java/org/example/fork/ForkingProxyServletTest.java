package org.example.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import javax.sip.message.Response;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.testkit.Exchange;
import io.sipcontainer.testkit.Incoming;
import io.sipcontainer.testkit.SipClient;
import io.sipcontainer.testkit.SipContainer;
import io.sipcontainer.testkit.SipContainerTest;

@SipContainerTest(servlets = ForkingProxyServlet.class, appName = "fork", darFile = "dar.properties")
class ForkingProxyServletTest {

    @Test
    void ringsEveryContactAndTheAnswerWins(SipContainer container, SipClient caller) {
        try (SipClient desk = new SipClient(); SipClient mobile = new SipClient()) {
            LocationService location = container.service(LocationService.class);
            location.save(contact(location.aorOf("bob", "127.0.0.1"), desk.uri("bob")));
            location.save(contact(location.aorOf("bob", "127.0.0.1"), mobile.uri("bob")));

            Exchange call = caller.send(caller.invite(container.sipUri("bob")));
            Incoming atDesk = desk.expectRequest("INVITE");
            Incoming onMobile = mobile.expectRequest("INVITE");
            atDesk.respond(180);
            onMobile.respond(200);
            Response ok = call.expect(200);
            // the losing branch is cancelled: the desk phone sees a CANCEL and ends its INVITE with 487
            desk.expectRequest("CANCEL").respond(200);
            atDesk.respond(487);

            caller.ack(ok);
            mobile.expectRequest("ACK");
            // the proxy record-routed: the BYE passes through it to the phone that answered
            Exchange bye = caller.send(caller.inDialog(ok, "BYE"));
            assertEquals(1, ok.getHeaders("Record-Route").hasNext() ? 1 : 0, "Record-Route in the 200");
            mobile.expectRequest("BYE").respond(200);
            bye.expect(200);
        }
    }

    @Test
    void answers404ForAUserWithNoContact(SipContainer container, SipClient caller) {
        caller.send(caller.invite(container.sipUri("nobody"))).expect(404);
    }

    private static Contact contact(String aor, String uri) {
        return new Contact(aor, uri, Contact.Q_UNSPECIFIED, 0, "test", 1, null, List.of(), null, null, null, 0,
                Contact.ALL_METHODS, 0, 0, System.currentTimeMillis(), null);
    }
}
