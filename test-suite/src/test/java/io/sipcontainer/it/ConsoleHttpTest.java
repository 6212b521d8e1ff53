package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;

import org.example.testapps.UasServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.http.LoginThrottle;
import io.sipcontainer.http.JsonBodies;
import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * The web console over plain HTTP on a real server: login, the session cookie's attributes, the
 * anti-CSRF rules, and the console-only actions (upload, undeploy, DAR, configuration) with their
 * error answers, which the browser test does not provoke.
 */
class ConsoleHttpTest {
    private static final String PASSWORD = "console-pw-1";
    private static final Duration DEPLOY_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private ConsoleClient console;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private ConsoleClient start(String password) throws Exception {
        fixture = new ServerFixture(home).configure(b -> password == null ? b
                : b.moduleParam("http.admin_password", password).moduleParam("usrloc.db_mode", "0")).start();
        console = new ConsoleClient(fixture.server().services().get(HttpInfo.class));
        return console;
    }

    private ConsoleClient loggedIn() throws Exception {
        start(PASSWORD);
        assertEquals(303, console.login("admin", PASSWORD).statusCode());
        return console;
    }

    private static byte[] uasArchive() {
        return SarBuilder.named("uas.sar").sipXml(SarBuilder.sipXml("uas", "uas", UasServlet.class.getName()))
                .withClasses(UasServlet.class).toBytes();
    }

    private HttpResponse<String> upload(String file, byte[] bytes) throws Exception {
        return console.send(console.builder("/console/api/apps?file=" + file)
                .header("X-CSRF-Token", console.csrfToken())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private Map<?, ?> app(String file) throws Exception {
        List<?> apps = (List<?>) ConsoleClient.json(console.api("GET", "apps", null)).get("apps");
        return apps.stream().map(a -> (Map<?, ?>) a).filter(a -> file.equals(a.get("file"))).findFirst().orElse(null);
    }

    @Test
    void thePageRedirectsToTheLoginFormUntilLoggedIn() throws Exception {
        start(PASSWORD);
        HttpResponse<String> bare = console.get("/console");
        assertEquals(303, bare.statusCode());
        assertEquals(Optional.of("/console/"), bare.headers().firstValue("Location").map(l -> l.replaceFirst("^http://[^/]+", "")));
        HttpResponse<String> page = console.get("/console/");
        assertEquals(303, page.statusCode());
        assertTrue(page.headers().firstValue("Location").orElseThrow().endsWith("/console/login"));
        HttpResponse<String> form = console.get("/console/login");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("<form id=\"login-form\" method=\"post\" action=\"login\">"), form.body());
        assertTrue(form.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
        assertEquals(Optional.of("DENY"), form.headers().firstValue("X-Frame-Options"));
        HttpResponse<String> script = console.get("/console/js/app.js");
        assertEquals(200, script.statusCode());
        assertEquals(Optional.of("text/javascript; charset=utf-8"), script.headers().firstValue("Content-Type"));
        assertEquals(404, console.get("/console/js/../../META-INF/MANIFEST.MF").statusCode());
        assertEquals(401, console.api("GET", "stats", null).statusCode());
        assertEquals(Map.of("authenticated", false, "loginEnabled", true),
                ConsoleClient.json(console.api("GET", "session", null)));
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneGivesAnHttpOnlyStrictSessionCookie() throws Exception {
        start(PASSWORD);
        HttpResponse<String> wrong = console.login("admin", "guess");
        assertEquals(303, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Location").orElseThrow().endsWith("/console/login?failed"));
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(303, console.login("root", PASSWORD).statusCode());
        assertNull(console.csrfToken());

        HttpResponse<String> right = console.login("admin", PASSWORD);
        assertTrue(right.headers().firstValue("Location").orElseThrow().endsWith("/console/"));
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("sipconsole="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/console"), cookie);
        assertEquals(200, console.get("/console/").statusCode());
        Map<?, ?> session = ConsoleClient.json(console.api("GET", "session", null));
        assertEquals(true, session.get("authenticated"));
        assertEquals("admin", session.get("user"));
    }

    @Test
    void overTheHttpsPortTheSessionCookieIsSecure() throws Exception {
        Path keystore = home.resolve("https.p12");
        JsonRpcTest.keytool(keystore, "changeit");
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.admin_password", PASSWORD)
                .moduleParam("http.tls_listen", "127.0.0.1:0").moduleParam("http.keystore", "https.p12")
                .moduleParam("http.keystore_password", "changeit")).start();
        HttpInfo http = fixture.server().services().get(HttpInfo.class);
        ConsoleClient tls = new ConsoleClient("https://127.0.0.1:" + http.tlsPort(),
                java.net.http.HttpClient.newBuilder().sslContext(JsonRpcTest.trusting(keystore, "changeit")));
        HttpResponse<String> right = tls.login("admin", PASSWORD);
        assertEquals(303, right.statusCode(), right.body());
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("Secure"), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, tls.get("/console/").statusCode(), "the cookie opens the page over HTTPS");
        assertEquals(Boolean.TRUE, ConsoleClient.json(tls.api("POST", "logout", null)).get("loggedOut"));

        ConsoleClient plain = new ConsoleClient(http);
        String plainCookie = plain.login("admin", PASSWORD).headers().firstValue("Set-Cookie").orElseThrow();
        assertFalse(plainCookie.contains("Secure"), "a Secure cookie would never come back over plain HTTP: " + plainCookie);
    }

    @Test
    void consoleActionsThatChangeStateAreAuditedAndReadsAreNot() throws Exception {
        loggedIn();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> audit =
                new ch.qos.logback.core.read.ListAppender<>();
        audit.start();
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(io.sipcontainer.http.AuditLog.LOGGER);
        log.addAppender(audit);
        try {
            assertEquals(200, console.api("POST", "rpc", "{\"method\":\"core.version\"}").statusCode());
            assertEquals(200, console.api("GET", "apps", null).statusCode());
            assertEquals(200, console.api("POST", "rpc",
                    "{\"method\":\"subscriber.add\",\"params\":[\"carol@example.com\",\"hidden-pw\"]}").statusCode());
            assertEquals(200, console.api("POST", "dar/reload", null).statusCode());
            assertEquals(404, console.api("DELETE", "apps/none.sar", null).statusCode());
            List<String> lines = audit.list.stream().map(e -> e.getFormattedMessage()).toList();
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("console user admin from 127.0.0.1: subscriber.add "), lines.get(0));
            assertEquals("console user admin from 127.0.0.1: console POST dar/reload ok", lines.get(1));
            assertTrue(lines.get(2).startsWith("console user admin from 127.0.0.1: console DELETE apps/none.sar error 404"),
                    lines.get(2));
            assertTrue(lines.stream().noneMatch(l -> l.contains("hidden-pw")), lines.toString());
        } finally {
            log.detachAppender(audit);
        }
    }

    /** Issue 17: 300 wrong passwords in 7 s were all tried, and the right one then logged in at once. */
    @Test
    void repeatedWrongPasswordsLockTheAddressOutEvenForTheRightOneAndAreLoggedBriefly() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger throttleLog = (Logger) LoggerFactory.getLogger(LoginThrottle.class);
        throttleLog.addAppender(logged);
        try {
            fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.admin_password", PASSWORD)
                    .moduleParam("http.login_max_failures", "3").moduleParam("http.login_lockout", "600")).start();
            console = new ConsoleClient(fixture.server().services().get(HttpInfo.class));
            for (int i = 0; i < 3; i++) {
                assertEquals(303, console.login("admin", "guess" + i).statusCode(), "refused and checked");
            }
            HttpResponse<String> locked = console.login("admin", PASSWORD);
            assertEquals(429, locked.statusCode(), "the right password is not even tried while locked out");
            assertTrue(locked.headers().firstValue("Retry-After").isPresent());
            assertNull(console.csrfToken());
            for (int i = 0; i < 50; i++) {
                assertEquals(429, console.login("admin", "guess").statusCode());
            }
            assertEquals(1, logged.list.size(), "one line per interval, not one per guess: " + logged.list);
            assertTrue(logged.list.get(0).getFormattedMessage().contains("console login authentication from 127.0.0.1"),
                    logged.list.get(0).getFormattedMessage());
        } finally {
            throttleLog.detachAppender(logged);
        }
    }

    @Test
    void aLoginPostedFromAnotherSiteIsRefused() throws Exception {
        start(PASSWORD);
        HttpResponse<String> foreign = console.send(console.builder("/console/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + PASSWORD)));
        assertEquals(403, foreign.statusCode());
        assertTrue(foreign.headers().firstValue("Set-Cookie").isEmpty());
        HttpResponse<String> fetchSite = console.send(console.builder("/console/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + PASSWORD)));
        assertEquals(403, fetchSite.statusCode());
    }

    @Test
    void withoutAnAdminPasswordLoginIsDisabled() throws Exception {
        start(null);
        HttpResponse<String> r = console.login("admin", "");
        assertTrue(r.headers().firstValue("Location").orElseThrow().endsWith("/console/login?disabled"));
        assertEquals(false, ConsoleClient.json(console.api("GET", "session", null)).get("loginEnabled"));
    }

    @Test
    void stateChangingCallsNeedTheSessionsCsrfTokenAndLogoutEndsTheSession() throws Exception {
        loggedIn();
        String body = "{\"method\":\"core.echo\",\"params\":[\"hi\"]}";
        HttpResponse<String> noToken = console.send(console.builder("/console/api/rpc")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(403, noToken.statusCode());
        HttpResponse<String> wrongToken = console.send(console.builder("/console/api/rpc")
                .header("X-CSRF-Token", "x" + console.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(403, wrongToken.statusCode());
        HttpResponse<String> ok = console.api("POST", "rpc", body);
        assertEquals(200, ok.statusCode());
        assertEquals(Map.of("result", List.of("hi")), ConsoleClient.json(ok));
        Map<?, ?> fault = ConsoleClient.json(console.api("POST", "rpc", "{\"method\":\"no.such\",\"params\":[]}"));
        assertEquals(Map.of("code", 500L, "message", "Method Not Found"), fault.get("error"));

        assertEquals(200, console.api("POST", "logout", "{}").statusCode());
        assertEquals(401, console.api("GET", "stats", null).statusCode());
        assertEquals(303, console.get("/console/").statusCode());
    }

    @Test
    void statisticsCarryTheDashboardCountersWithTheServerTime() throws Exception {
        loggedIn();
        Map<?, ?> stats = ConsoleClient.json(console.api("GET", "stats", null));
        Map<?, ?> values = (Map<?, ?>) stats.get("values");
        for (String name : List.of("core:rcv_requests", "core:rcv_replies", "sl:sent_replies", "tmx:rpl_relayed",
                "tmx:inuse_transactions", "usrloc:location-contacts", "dialog:active_dialogs", "dialog:early_dialogs")) {
            assertTrue(values.containsKey(name), name + " in " + values);
        }
        assertEquals(0L, ((Number) values.get("dialog:active_dialogs")).longValue(), "no call: no dialog");
        long now = System.currentTimeMillis();
        assertTrue(Math.abs(now - (Long) stats.get("time")) < 60_000);
    }

    @Test
    void anUploadedArchiveIsCheckedDeployedByTheWatcherAndUndeployedByRemovingIt() throws Exception {
        loggedIn();
        HttpResponse<String> garbage = upload("broken.sar", "not a zip".getBytes());
        assertEquals(400, garbage.statusCode());
        assertTrue(ConsoleClient.json(garbage).get("error").toString().contains("broken.sar"), garbage.body());
        assertEquals(400, upload("..%2Fescape.sar", uasArchive()).statusCode());
        assertEquals(400, upload("noextension", uasArchive()).statusCode());
        try (var files = Files.list(fixture.deployDir())) {
            assertEquals(List.of(), files.toList(), "refused uploads leave nothing behind");
        }

        HttpResponse<String> accepted = upload("uas.sar", uasArchive());
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals(Map.of("file", "uas.sar", "application", "uas", "state", "pending"), ConsoleClient.json(accepted));
        fixture.awaitDeployed("uas", DEPLOY_WAIT);
        Map<?, ?> listed = app("uas.sar");
        assertEquals("deployed", listed.get("state"));
        assertEquals("uas", listed.get("application"));
        assertEquals(List.of("uas"), listed.get("servlets"));

        HttpResponse<String> sameName = upload("other.sar", uasArchive());
        assertEquals(409, sameName.statusCode());
        assertTrue(sameName.body().contains("already deployed from uas.sar"), sameName.body());

        HttpResponse<String> removed = console.api("DELETE", "apps/uas.sar", null);
        assertEquals(Map.of("file", "uas.sar", "application", "uas"), ConsoleClient.json(removed));
        fixture.awaitUndeployed("uas", DEPLOY_WAIT);
        assertNull(app("uas.sar"));
        assertEquals(404, console.api("DELETE", "apps/uas.sar", null).statusCode());
    }

    @Test
    void anArchiveTheDeployerRefusesIsListedWithItsReason() throws Exception {
        loggedIn();
        SarBuilder.missingServletClass("ghost.sar", "ghost").writeTo(home.resolve("elsewhere"));
        // the console's own check catches it first ...
        HttpResponse<String> r = upload("ghost.sar", Files.readAllBytes(home.resolve("elsewhere/ghost.sar")));
        assertEquals(400, r.statusCode(), r.body());
        // ... and one copied by hand is shown refused, with the deployer's reason
        Files.copy(home.resolve("elsewhere/ghost.sar"), fixture.deployDir().resolve("ghost.sar"));
        Poll.until(() -> {
            try {
                Map<?, ?> a = app("ghost.sar");
                return a != null && "refused".equals(a.get("state"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, DEPLOY_WAIT, () -> "ghost.sar not shown refused");
        assertTrue(app("ghost.sar").get("reason").toString().contains("io.sipcontainer.it.does.not.Exist"),
                String.valueOf(app("ghost.sar")));
    }

    @Test
    void theDarIsCheckedWithItsLineSavedAtomicallyAndTheRouterReloadsIt() throws Exception {
        loggedIn();
        fixture.deploy(SarBuilder.named("uas.sar").sipXml(SarBuilder.sipXml("uas", "uas", UasServlet.class.getName()))
                .withClasses(UasServlet.class));
        fixture.awaitDeployed("uas", DEPLOY_WAIT);
        String before = Files.readString(fixture.darFile());
        String bad = "# comment\nOPTIONS: (\"uas\", \"DAR:To\", \"SIDEWAYS\", \"\", \"NO_ROUTE\", \"0\")\n";
        Map<?, ?> check = ConsoleClient.json(console.api("POST", "dar/check", JsonBodies.write(Map.of("text", bad))));
        assertEquals(false, check.get("valid"));
        assertEquals(2L, check.get("line"));
        assertTrue(check.get("reason").toString().contains("unknown routing region 'SIDEWAYS'"), check.toString());
        assertEquals(400, console.api("PUT", "dar", JsonBodies.write(Map.of("text", bad))).statusCode());
        assertEquals(before, Files.readString(fixture.darFile()), "an invalid table never reaches the file");

        try (SipAgent agent = new SipAgent()) {
            String good = DarText.route("OPTIONS", "uas");
            HttpResponse<String> saved = console.api("PUT", "dar", JsonBodies.write(Map.of("text", good)));
            assertEquals(200, saved.statusCode(), saved.body());
            assertEquals(true, ConsoleClient.json(saved).get("reloaded"));
            assertEquals(good, Files.readString(fixture.darFile()));
            ClientTransaction options = agent.send(agent.newRequest("OPTIONS", "sip:uas@127.0.0.1:" + fixture.udpPort(),
                    agent.uri("caller"), "sip:uas@127.0.0.1"));
            Response answer = agent.awaitFinalResponse(options, Duration.ofSeconds(5));
            assertEquals(200, answer.getStatusCode(), "routed by the reloaded table without a restart");
        }
        Map<?, ?> dar = ConsoleClient.json(console.api("GET", "dar", null));
        assertEquals(fixture.darFile().toString(), dar.get("file"));
        assertEquals(List.of("OPTIONS"), List.copyOf(((Map<?, ?>) dar.get("methods")).keySet()));
    }

    @Test
    void theConfigurationShowsEveryModuleSettingWithItsOriginAndMasksSecrets() throws Exception {
        loggedIn();
        Map<?, ?> config = ConsoleClient.json(console.api("GET", "config", null));
        Map<?, ?> core = (Map<?, ?>) config.get("core");
        assertEquals(fixture.server().config().nodeName(), core.get("node_name"));
        assertEquals(fixture.deployDir().toString(), core.get("deploy_dir"));
        List<?> modules = (List<?>) config.get("modules");
        assertTrue(modules.contains(Map.of("name", "http.admin_password", "value", "********", "file", "code", "line", 0L)),
                modules.toString());
        assertTrue(modules.contains(Map.of("name", "usrloc.db_mode", "value", "0", "file", "code", "line", 0L)),
                modules.toString());
        assertFalse(config.toString().contains(PASSWORD));
    }

    @Test
    void theApplicationAndDarCommandsAreJsonRpcCommandsToo() throws Exception {
        start(PASSWORD);
        fixture.deploy(SarBuilder.named("uas.sar").sipXml(SarBuilder.sipXml("uas", "uas", UasServlet.class.getName()))
                .withClasses(UasServlet.class));
        fixture.awaitDeployed("uas", DEPLOY_WAIT);
        String token = Files.readString(home.resolve("data/rpc.token")).strip();
        HttpInfo http = fixture.server().services().get(HttpInfo.class);
        java.util.function.Function<String, Map<?, ?>> rpc = call -> {
            try {
                HttpResponse<String> r = console.send(HttpRequest.newBuilder(http.uri("http", "/RPC"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1," + call + "}")));
                return (Map<?, ?>) JsonBodies.parse(r.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<?> apps = (List<?>) rpc.apply("\"method\":\"app.list\"").get("result");
        assertEquals(1, apps.size());
        assertEquals("deployed", ((Map<?, ?>) apps.get(0)).get("state"));
        Map<?, ?> dar = (Map<?, ?>) rpc.apply("\"method\":\"dar.get\"").get("result");
        assertEquals(fixture.darFile().toString(), dar.get("file"));
        assertEquals(true, ((Map<?, ?>) rpc.apply("\"method\":\"dar.reload\"").get("result")).get("reloaded"));
        Map<?, ?> missing = rpc.apply("\"method\":\"app.undeploy\",\"params\":[\"nothing\"]");
        assertEquals(404L, ((Map<?, ?>) missing.get("error")).get("code"));
        Map<?, ?> undeployed = (Map<?, ?>) rpc.apply("\"method\":\"app.undeploy\",\"params\":[\"uas\"]").get("result");
        assertEquals(Map.of("file", "uas.sar", "application", "uas"), undeployed);
        fixture.awaitUndeployed("uas", DEPLOY_WAIT);
    }

    @Test
    void theClusterPageShowsThisNodeAlone() throws Exception {
        loggedIn();
        Map<?, ?> cluster = ConsoleClient.json(console.api("GET", "cluster", null));
        assertEquals(true, cluster.get("clustered"), "the default: a Hazelcast cluster of one");
        assertEquals(1, ((Number) ((Map<?, ?>) cluster.get("status")).get("members")).intValue());
        List<?> nodes = (List<?>) cluster.get("nodes");
        assertEquals(1, nodes.size());
        Map<?, ?> self = (Map<?, ?>) nodes.get(0);
        assertEquals(fixture.server().config().nodeName(), self.get("name"));
        assertEquals(true, self.get("self"));
        assertEquals("running", self.get("state"));
    }
}
