package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.ExtensionHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.JndiServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * JNDI and {@code @Resource} (issue 16): {@link JndiServlet}, deployed as a .sar with its timer
 * listener in sip.xml, gets SipFactory, SipSessionsUtil and TimerService injected (fields, a setter,
 * the listener's field) and finds the same objects under {@code java:comp/env/sip/jndi/...}; the
 * timer it starts through the looked-up TimerService fires once and its listener sends a MESSAGE.
 */
class JndiResourceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="%s" version="2.0">
                  <app-name>jndi</app-name>
                  <listener><listener-class>%s</listener-class></listener>
                  <servlet><servlet-name>jndi</servlet-name><servlet-class>%s</servlet-class>
                    <load-on-startup>1</load-on-startup></servlet>
                  <servlet-selection><main-servlet>jndi</main-servlet></servlet-selection>
                </sip-app>
                """.formatted(SarBuilder.SIP_XML_NAMESPACE, JndiServlet.Fired.class.getName(),
                JndiServlet.class.getName());
    }

    @Test
    void resourcesAreInjectedAndFoundInJndiAndTheTimerListenerUsesThem() throws Exception {
        // @network: the MESSAGE the application's timer sends is its own, not routed back to it
        fixture = new ServerFixture(home).dar(DarText.route("MESSAGE@network", "jndi"));
        fixture.deploy(SarBuilder.named("jndi.sar").sipXml(sipXml()).withClasses(JndiServlet.class));
        fixture.start();
        fixture.awaitDeployed("jndi", WAIT);
        agent = new SipAgent();
        String target = "sip:jndi@127.0.0.1:" + fixture.udpPort();
        Request message = agent.newRequest("MESSAGE", target, agent.uri("alice"), target);
        ClientTransaction t = agent.send(message);
        Response ok = agent.awaitFinalResponse(t, WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals(null, header(ok, "X-Naming-Error"));
        assertEquals("true", header(ok, "X-Injected"), "@Resource fields and setter");
        assertEquals("true", header(ok, "X-Same-Factory"), "java:comp/env/sip/jndi/SipFactory is the injected one");
        assertEquals("true", header(ok, "X-Same-Util"), "sip/jndi/SipSessionsUtil from the java:comp/env context");
        assertEquals("true", header(ok, "X-Same-Timers"));

        RequestEvent fired = agent.awaitRequest("MESSAGE", WAIT);
        assertEquals("timer fired", new String(fired.getRequest().getRawContent(), StandardCharsets.UTF_8));
        agent.respond(fired, 200);
        assertEquals(true, agent.pollRequest("MESSAGE", Duration.ofMillis(700)).isEmpty(), "the timer fires once");
    }

    private static String header(Response r, String name) {
        ExtensionHeader h = (ExtensionHeader) r.getHeader(name);
        return h == null ? null : h.getValue();
    }
}
