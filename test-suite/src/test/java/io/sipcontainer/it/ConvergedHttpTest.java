package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sip.RequestEvent;
import javax.sip.header.FromHeader;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.example.testapps.converged.ClickToCallServlet;
import org.example.testapps.converged.ClickToCallSipServlet;
import org.example.testapps.converged.FailingInitServlet;
import org.example.testapps.converged.SessionInfoServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * Converged applications (JSR 359, Kamailio's xhttp as applications): a .sar with web servlets
 * (annotated and in web.xml) served under its name, a web request that places a SIP call through
 * the application's SipFactory, HTTP sessions joined to application sessions, undeploy taking the
 * URLs away, and a bad web.xml refusing the application with its reason.
 */
class ConvergedHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <servlet>
                <servlet-name>info</servlet-name>
                <servlet-class>%s</servlet-class>
                <init-param><param-name>greeting</param-name><param-value>hello</param-value></init-param>
              </servlet>
              <servlet-mapping><servlet-name>info</servlet-name><url-pattern>/info</url-pattern></servlet-mapping>
            </web-app>
            """.formatted(SessionInfoServlet.class.getName());

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @BeforeEach
    void setUp() {
        fixture = new ServerFixture(home);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static SarBuilder clickToCall() {
        return SarBuilder.named("c2d.sar")
                .sipXml(SarBuilder.sipXml("c2d", "sip", ClickToCallSipServlet.class.getName()))
                .withEntry("WEB-INF/web.xml", WEB_XML)
                .withEntry("index.html", "<p>click to call</p>")
                .withEntry("WEB-INF/secret.txt", "not for the web")
                .withClasses(ClickToCallSipServlet.class, ClickToCallServlet.class, SessionInfoServlet.class);
    }

    private URI uri(String path) {
        return fixture.server().services().get(HttpInfo.class).uri("http", path);
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> lines(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    @Test
    void aWebRequestPlacesACallThroughTheApplicationsSipFactory() throws Exception {
        fixture.deploy(clickToCall());
        fixture.start();
        agent = new SipAgent();
        var call = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return get(browser, uri("/c2d/call?to=" + agent.uri("bob")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RequestEvent invite = agent.awaitRequest("INVITE", WAIT);
        FromHeader from = (FromHeader) invite.getRequest().getHeader(FromHeader.NAME);
        assertEquals("sip:c2d@example.org", from.getAddress().getURI().toString());
        agent.respond(invite, 180);
        agent.respond(invite, 200);
        agent.awaitRequest("ACK", WAIT);

        HttpResponse<String> response = call.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("answered 200\n"), response.body());
        Map<String, String> seen = lines(response.body());
        assertEquals("ready", seen.get("sipSide"), "the web side sees what the SIP side put in the servlet context");
        assertEquals("true", seen.get("httpSessionListed"), "getSessions(\"HTTP\") lists the caller's session");
        String httpSession = invite.getRequest().getHeader("X-Http-Session").toString().split(":", 2)[1].trim();
        assertFalse(httpSession.isEmpty());

        // the same browser comes back: same HTTP session, same application session
        Map<String, String> info = lines(get(browser, uri("/c2d/info")).body());
        assertEquals(httpSession, info.get("id"));
        assertEquals(seen.get("appSession"), info.get("appSession"));
        assertEquals("hello", info.get("greeting"), "web.xml init parameters reach the servlet");
    }

    @Test
    void encodedUrlsLeadBackToTheSessions() throws Exception {
        fixture.deploy(clickToCall());
        fixture.start();
        Map<String, String> info = lines(get(browser, uri("/c2d/info")).body());
        assertTrue(info.get("relative").startsWith("/c2d/info;jsessionid=" + info.get("id")), info.toString());
        assertEquals(uri("/c2d/info") + ";jsessionid=" + info.get("id"), info.get("absolute"));

        HttpClient cookieless = HttpClient.newHttpClient();
        assertEquals(info.get("id"), lines(get(cookieless, URI.create(info.get("absolute"))).body()).get("id"),
                "a URL encoded by the session brings a client without cookies back to it");

        List<String> link = get(cookieless, uri("/c2d/info?link=1")).body().lines().toList();
        Map<String, String> joined = lines(get(cookieless, URI.create(link.get(1))).body());
        assertEquals(link.get(0), joined.get("appSession"),
                "SipApplicationSession.encodeURL leads a new HTTP session into that application session");
        assertNotEquals(info.get("id"), joined.get("id"));
    }

    @Test
    void theSessionsEndTogether() throws Exception {
        fixture.deploy(clickToCall());
        fixture.start();
        String first = lines(get(browser, uri("/c2d/info")).body()).get("id");
        assertEquals("true", lines(get(browser, uri("/c2d/info?endApplication=1")).body()).get("httpSessionEnded"),
                "invalidating the application session invalidates its HTTP sessions");
        String second = lines(get(browser, uri("/c2d/info")).body()).get("id");
        assertNotEquals(first, second);
        assertEquals("false", lines(get(browser, uri("/c2d/info?logout=1")).body()).get("stillListed"),
                "an invalidated HTTP session leaves its application session");
    }

    @Test
    void staticFilesAreServedButNotWebInf() throws Exception {
        fixture.deploy(clickToCall());
        fixture.start();
        assertEquals("<p>click to call</p>", get(browser, uri("/c2d/index.html")).body());
        assertEquals(404, get(browser, uri("/c2d/WEB-INF/secret.txt")).statusCode());
        assertEquals(404, get(browser, uri("/c2d/WEB-INF/web.xml")).statusCode());
    }

    @Test
    void anUndeployedApplicationsUrlsAnswer404() throws Exception {
        fixture.start();
        // deployed by the watcher, which undeploys only what it has deployed itself
        fixture.deploy(clickToCall());
        fixture.awaitDeployed("c2d", WAIT);
        assertEquals(200, get(browser, uri("/c2d/info")).statusCode());
        Files.delete(fixture.deployDir().resolve("c2d.sar"));
        fixture.awaitUndeployed("c2d", WAIT);
        assertEquals(404, get(browser, uri("/c2d/info")).statusCode());
        assertEquals(404, get(browser, uri("/c2d/call?to=sip:x@127.0.0.1")).statusCode());

        fixture.deploy(clickToCall()); // and back
        fixture.awaitDeployed("c2d", WAIT);
        Poll.until(() -> {
            try {
                return get(browser, uri("/c2d/info")).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, WAIT, () -> "the redeployed application serves HTTP again");
    }

    @Test
    void aBadWebXmlRefusesTheApplicationWithItsReason() throws Exception {
        Logger deployer = (Logger) LoggerFactory.getLogger("io.sipcontainer.server.AppDeployer");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        deployer.addAppender(log);
        try {
            fixture.deploy(SarBuilder.named("badweb.sar")
                    .sipXml(SarBuilder.sipXml("badweb", "sip", ClickToCallSipServlet.class.getName()))
                    .withEntry("WEB-INF/web.xml", "<web-app>\n<servlet-mapping>\n<servlet-name>nobody</servlet-name>\n"
                            + "<url-pattern>/x</url-pattern>\n</servlet-mapping>\n</web-app>\n")
                    .withClasses(ClickToCallSipServlet.class));
            fixture.deploy(clickToCall());
            fixture.start();
            assertEquals(List.of("c2d"), List.copyOf(fixture.server().applications().names()));
            String reasons = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
            assertTrue(reasons.contains("Refused badweb.sar: badweb.sar: WEB-INF/web.xml line 4: <servlet-mapping>"
                    + " names unknown servlet 'nobody'"), reasons);
            assertEquals(404, get(browser, uri("/badweb/x")).statusCode());
        } finally {
            deployer.detachAppender(log);
        }
    }

    @Test
    void aWebServletFailingItsStartUpRefusesTheApplication() throws Exception {
        fixture.deploy(SarBuilder.named("broken.sar")
                .sipXml(SarBuilder.sipXml("broken", "sip", ClickToCallSipServlet.class.getName()))
                .withClasses(ClickToCallSipServlet.class, FailingInitServlet.class));
        fixture.start();
        assertTrue(fixture.server().applications().names().isEmpty());
        assertEquals(404, get(browser, uri("/broken/broken")).statusCode());
    }

    @Test
    void applicationsWithoutAWebSideServeNothing() throws Exception {
        fixture.deploy(SarBuilder.named("plain.sar")
                .sipXml(SarBuilder.sipXml("plain", "sip", ClickToCallSipServlet.class.getName()))
                .withClasses(ClickToCallSipServlet.class));
        fixture.start();
        assertEquals(List.of("plain"), List.copyOf(fixture.server().applications().names()));
        assertEquals(404, get(browser, uri("/plain/")).statusCode());
    }
}
