package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.ExtensionHeader;
import javax.sip.message.Response;

import org.example.testapps.ApiCheckServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * SIP Servlet API methods that used to return null or refuse (issue 16): {@code getActiveRequest},
 * {@code getCurrentApplicationSession}, index keys, and client-side digest authentication
 * ({@code createAuthInfo}, {@code addAuthHeader}) against the real registrar with authentication on:
 * {@link ApiCheckServlet} registers alice, answers the 401 and reports the 200.
 */
class ApiCompletionTest {
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
    void sessionLookupsWorkAndAnApplicationAnswersADigestChallenge() throws Exception {
        fixture = new ServerFixture(home)
                .dar(DarText.route("REGISTER@network", "registrar") + DarText.route("MESSAGE@network", "apicheck"))
                .configure(b -> b.moduleParam("auth.enabled", "yes").alias("example.com", 0));
        DefaultProxyTest.deploy("registrar", fixture.deployDir());
        fixture.deploy(SarBuilder.named("apicheck.sar").sipXml(SarBuilder.sipXml("apicheck", "apicheck",
                ApiCheckServlet.class.getName())).withClasses(ApiCheckServlet.class));
        fixture.start();
        fixture.server().services().get(RpcRegistry.class).call("subscriber.add",
                new RpcParams(List.of("alice@example.com", "wonderland")));
        agent = new SipAgent();
        String target = "sip:apicheck@127.0.0.1:" + fixture.udpPort();

        ClientTransaction t = agent.send(agent.newRequest("MESSAGE", target, agent.uri("carol"), target));
        Response ok = agent.awaitFinalResponse(t, WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals("true", header(ok, "X-Active-Request"), "getActiveRequest(getId()) is the request");
        assertEquals("true", header(ok, "X-Current"), "getCurrentApplicationSession in the servlet");
        assertEquals("true", header(ok, "X-Indexed"), "getSipApplicationSessionIds(indexKey)");

        RequestEvent report = agent.awaitRequest("MESSAGE", WAIT);
        agent.respond(report, 200);
        assertEquals("registered after 2 REGISTER", new String(report.getRequest().getRawContent(),
                StandardCharsets.UTF_8), "the challenge was answered with addAuthHeader");
        assertEquals(1, fixture.server().services().get(io.sipcontainer.service.LocationService.class)
                .lookup("alice").size(), "the registrar stored the binding");
    }

    private static String header(Response r, String name) {
        ExtensionHeader h = (ExtensionHeader) r.getHeader(name);
        return h == null ? null : h.getValue();
    }
}
