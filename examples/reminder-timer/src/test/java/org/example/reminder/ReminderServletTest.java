package org.example.reminder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sip.message.Request;

import org.junit.jupiter.api.Test;

import io.sipcontainer.testkit.Incoming;
import io.sipcontainer.testkit.SipClient;
import io.sipcontainer.testkit.SipContainer;
import io.sipcontainer.testkit.SipContainerTest;

@SipContainerTest(servlets = ReminderServlet.class, darFile = "dar.properties")
class ReminderServletTest {

    @Test
    void sendsTheReminderBackWhenItsTimerFires(SipContainer container, SipClient client) {
        Request ask = client.request("MESSAGE", container.sipUri("reminder"), client.uri("alice"),
                container.sipUri("reminder"));
        client.setHeader(ask, "X-Remind-In", "300");
        client.setBody(ask, "text", "plain", "call bob");
        long asked = System.nanoTime();
        client.send(ask).expect(202);

        Incoming reminder = client.expectRequest("MESSAGE");
        long waitedMillis = (System.nanoTime() - asked) / 1_000_000;
        assertEquals("call bob", new String(reminder.request().getRawContent()));
        assertEquals(true, waitedMillis >= 300, "sent after the timer, not before: " + waitedMillis + " ms");
        reminder.respond(200);
        container.await(() -> container.applicationSessions().isEmpty(), "the session invalidated");
    }
}
