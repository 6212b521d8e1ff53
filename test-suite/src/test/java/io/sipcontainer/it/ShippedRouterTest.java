package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sip.RequestEvent;
import javax.sip.header.FromHeader;

import org.example.testapps.TimerMessageServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * The shipped application router configuration ({@code conf/dar.properties}, with the real registrar
 * and proxy applications) does not capture what an application originates (issue 16): a MESSAGE an
 * application's timer sends reaches its target instead of the proxy's checks, while a MESSAGE from the
 * network still goes to the proxy.
 */
class ShippedRouterTest {
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

    @Test
    void aMessageSentFromATimerGoesToItsTargetNotToTheProxy() throws Exception {
        agent = new SipAgent();
        String target = agent.uri("bob");
        String sipXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="%s" version="2.0">
                  <app-name>timer</app-name>
                  <context-param><param-name>target</param-name><param-value>%s</param-value></context-param>
                  <servlet><servlet-name>timer</servlet-name><servlet-class>%s</servlet-class>
                    <load-on-startup>1</load-on-startup></servlet>
                  <servlet-selection><main-servlet>timer</main-servlet></servlet-selection>
                </sip-app>
                """.formatted(SarBuilder.SIP_XML_NAMESPACE, target, TimerMessageServlet.class.getName());
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8));
        DefaultProxyTest.deploy("registrar", fixture.deployDir());
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        fixture.deploy(SarBuilder.named("timer.sar").sipXml(sipXml).withClasses(TimerMessageServlet.class));
        fixture.start();

        RequestEvent message = agent.awaitRequest("MESSAGE", WAIT);
        assertEquals("sip:timer@example.org",
                ((FromHeader) message.getRequest().getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        assertEquals("sent by a timer", new String(message.getRequest().getRawContent(), StandardCharsets.UTF_8));
        agent.respond(message, 200);

        // a MESSAGE from the network still meets the proxy: nobody is registered, so 404
        String server = "sip:nobody@127.0.0.1:" + fixture.udpPort();
        javax.sip.ClientTransaction t = agent.send(agent.newRequest("MESSAGE", server, agent.uri("alice"), server));
        int status = agent.awaitFinalResponse(t, WAIT).getStatusCode();
        assertEquals(true, status == 404 || status == 403 || status == 480, "the proxy answered: " + status);
    }
}
