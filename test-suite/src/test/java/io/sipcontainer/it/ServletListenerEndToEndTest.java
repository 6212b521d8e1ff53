package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.sip.header.ExtensionHeader;
import javax.sip.message.Response;

import org.example.testapps.ListenerServlet;
import org.junit.jupiter.api.Test;

import io.sipcontainer.testkit.SipClient;
import io.sipcontainer.testkit.SipContainer;
import io.sipcontainer.testkit.SipContainerTest;

/**
 * A class declared in sip.xml both as the servlet and as a listener (issue 16 #2) is one object:
 * its listener callbacks run once, on the servlet instance. Runs on the test kit
 * ({@code @SipContainerTest}): the sip.xml is {@code src/test/apps/listening/WEB-INF/sip.xml}.
 */
@SipContainerTest(servlets = ListenerServlet.class, appName = "listening", appRoot = "src/test/apps/listening",
        dar = "MESSAGE: listening")
class ServletListenerEndToEndTest {

    private static String header(Response r, String name) {
        ExtensionHeader h = (ExtensionHeader) r.getHeader(name);
        return h == null ? null : h.getValue();
    }

    @Test
    void aServletDeclaredAsListenerIsOneInstanceCalledOnce(SipContainer container, SipClient client) {
        Response ok = client.send(client.request("MESSAGE", container.sipUri("listening"))).expect(200);
        assertEquals("1", header(ok, "X-Created"), "sessionCreated calls");
        assertEquals("true", header(ok, "X-Same-Instance"), "the listener is the servlet");
    }
}
