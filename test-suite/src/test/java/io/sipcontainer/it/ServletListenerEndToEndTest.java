package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;

import javax.sip.header.ExtensionHeader;
import javax.sip.message.Response;

import org.example.testapps.ListenerServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * A class declared in sip.xml both as the servlet and as a listener (issue 16 #2) is one object:
 * its listener callbacks run once, on the servlet instance.
 */
class ServletListenerEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String sipXml() {
        String servlet = ListenerServlet.class.getName();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="%s" version="2.0">
                  <app-name>listening</app-name>
                  <listener><listener-class>%s</listener-class></listener>
                  <servlet><servlet-name>listening</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-selection><main-servlet>listening</main-servlet></servlet-selection>
                </sip-app>
                """.formatted(SarBuilder.SIP_XML_NAMESPACE, servlet, servlet);
    }

    private static String header(Response r, String name) {
        ExtensionHeader h = (ExtensionHeader) r.getHeader(name);
        return h == null ? null : h.getValue();
    }

    @Test
    void aServletDeclaredAsListenerIsOneInstanceCalledOnce() throws Exception {
        fixture = new ServerFixture(home).dar(DarText.route("MESSAGE", "listening"));
        fixture.deploy(SarBuilder.named("listening.sar").sipXml(sipXml()).withClasses(ListenerServlet.class));
        fixture.start();
        agent = new SipAgent();
        String target = "sip:listening@127.0.0.1:" + fixture.udpPort();
        Response ok = agent.awaitFinalResponse(agent.send(agent.newRequest("MESSAGE", target,
                agent.uri("tester"), target)), WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals("1", header(ok, "X-Created"), "sessionCreated calls");
        assertEquals("true", header(ok, "X-Same-Instance"), "the listener is the servlet");
    }
}
