package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipcontainer.http.AuditLog;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.http.JsonBodies;
import io.sipcontainer.http.LoginThrottle;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.ServerInfo;
import io.sipcontainer.service.Statistics;
import io.sipcontainer.stack.StackException;

/**
 * Kamailio's JSON-RPC administration at {@code /RPC} on a real server: the reply shapes of the core
 * commands, faults as HTTP statuses, and who may call (token, Basic, loopback only), over HTTP and
 * HTTPS.
 */
class JsonRpcTest {
    @TempDir
    Path home;
    private ServerFixture fixture;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private ServerFixture start() throws Exception {
        fixture = new ServerFixture(home).start();
        return fixture;
    }

    private HttpInfo http() {
        return fixture.server().services().get(HttpInfo.class);
    }

    private String token() throws Exception {
        return Files.readString(home.resolve("data/rpc.token")).strip();
    }

    private HttpResponse<String> post(URI uri, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String paramsJson) throws Exception {
        return post(http().uri("http", "/RPC"), "Bearer " + token(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + paramsJson + ",\"id\":1}");
    }

    private static Map<?, ?> json(HttpResponse<String> response) throws Exception {
        return (Map<?, ?>) JsonBodies.parse(response.body());
    }

    @Test
    void coreVersionAnswers200WithTheJsonRpcEnvelope() throws Exception {
        start();
        HttpResponse<String> r = call("core.version", "[]");
        assertEquals(200, r.statusCode());
        assertEquals(Optional.of("application/json"), r.headers().firstValue("Content-Type"));
        String version = fixture.server().services().get(ServerInfo.class).version();
        assertEquals(Map.of("jsonrpc", "2.0", "result", version, "id", 1L), json(r));
    }

    @Test
    void coreUptimeGivesNowUpSinceAndSeconds() throws Exception {
        start();
        Map<?, ?> result = (Map<?, ?>) json(call("core.uptime", "[]")).get("result");
        assertEquals(List.of("now", "up_since", "uptime"), List.copyOf(result.keySet()));
        assertInstanceOf(Long.class, result.get("uptime"));
    }

    @Test
    void statsGetStatisticsAllListsNameEqualsValueLines() throws Exception {
        start();
        Statistics stats = fixture.server().services().get(Statistics.class);
        stats.counter("sl", "200_replies").add(3);
        List<?> lines = (List<?>) json(call("stats.get_statistics", "[\"all\"]")).get("result");
        assertTrue(lines.contains("sl:200_replies = 3"), lines.toString());
        for (Object line : lines) {
            assertTrue(line.toString().matches("[^:]+:\\S+ = -?\\d+"), line.toString());
        }
    }

    @Test
    void systemListMethodsListsCommandNames() throws Exception {
        start();
        List<?> methods = (List<?>) json(call("system.listMethods", "[]")).get("result");
        assertTrue(methods.containsAll(List.of("core.version", "core.uptime", "core.echo", "core.ps",
                "stats.get_statistics", "system.listMethods")), methods.toString());
    }

    @Test
    void unknownMethodIsHttp500WithErrorCode500() throws Exception {
        start();
        HttpResponse<String> r = call("no.such_command", "[]");
        assertEquals(500, r.statusCode());
        assertEquals(Map.of("jsonrpc", "2.0", "error", Map.of("code", 500L, "message", "Method Not Found"),
                "id", 1L), json(r));
    }

    @Test
    void badJsonIsParseError() throws Exception {
        start();
        HttpResponse<String> r = post(http().uri("http", "/RPC"), "Bearer " + token(), "{\"jsonrpc\": \"2.0\", ");
        assertEquals(500, r.statusCode());
        assertEquals(Map.of("code", -32700L, "message", "Parse Error"), json(r).get("error"));
    }

    @Test
    void callersWithoutTheTokenGet401() throws Exception {
        start();
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"id\":1}";
        HttpResponse<String> none = post(http().uri("http", "/RPC"), null, body);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().allValues("WWW-Authenticate").contains("Bearer realm=\"sipcontainer\""),
                none.headers().toString());
        assertEquals(401, post(http().uri("http", "/RPC"), "Bearer not-the-token-at-all", body).statusCode());
        assertEquals(401, post(http().uri("http", "/RPC"), "Basic " + basic("admin", ""), body).statusCode());
    }

    @Test
    void theGeneratedTokenFileIsReadableByItsOwnerOnly() throws Exception {
        start();
        Path file = home.resolve("data/rpc.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(200, call("core.version", "[]").statusCode());
    }

    /**
     * Issue 17: with Basic accepted, a page on another site ran app.undeploy through the operator's
     * browser, which had cached the password, with a text/plain POST and its own Origin.
     */
    @Test
    void crossSiteRequestsAndAmbientCredentialsAreRefused() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.admin_user", "ops")
                .moduleParam("http.admin_password", "s3cret!")).start();
        URI rpc = http().uri("http", "/RPC");
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"core.echo\",\"params\":[\"x\",2],\"id\":\"q\"}";
        HttpResponse<String> basic = post(rpc, "Basic " + basic("ops", "s3cret!"), body);
        assertEquals(401, basic.statusCode(), "the password a browser caches does not authorise RPC calls");
        assertTrue(basic.headers().allValues("WWW-Authenticate").stream().noneMatch(v -> v.startsWith("Basic")),
                "no Basic challenge, so no browser caches a password for /RPC");

        String[] forged = {"Authorization", "Bearer " + token(), "Content-Type", "text/plain"};
        assertEquals(415, send(rpc, body, forged).statusCode(), "a body a cross-site form can send is refused");

        String[] foreign = {"Authorization", "Bearer " + token(), "Content-Type", "application/json",
            "Origin", "https://attacker.example"};
        assertEquals(403, send(rpc, body, foreign).statusCode(), "a foreign Origin is refused even with the token");

        String own = "http://" + rpc.getHost() + ":" + rpc.getPort();
        String[] sameSite = {"Authorization", "Bearer " + token(), "Content-Type", "application/json; charset=utf-8",
            "Origin", own};
        HttpResponse<String> ok = send(rpc, body, sameSite);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":[\"x\",2],\"id\":\"q\"}", ok.body());
    }

    @Test
    void aWrongTokenIsLoggedWithTheSourceAddressOnceAnInterval() throws Exception {
        start();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger throttleLog = (Logger) LoggerFactory.getLogger(LoginThrottle.class);
        throttleLog.addAppender(logged);
        try {
            String body = "{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"id\":1}";
            for (int i = 0; i < 20; i++) {
                assertEquals(401, post(http().uri("http", "/RPC"), "Bearer wrong-token-" + i, body).statusCode());
            }
            assertEquals(1, logged.list.size(), logged.list.toString());
            assertTrue(logged.list.get(0).getFormattedMessage().contains("JSON-RPC authentication from 127.0.0.1"),
                    logged.list.get(0).getFormattedMessage());
            assertEquals(200, call("core.version", "[]").statusCode(), "the token still works: no lockout for RPC");
        } finally {
            throttleLog.detachAppender(logged);
        }
    }

    private HttpResponse<String> send(URI uri, String body, String... headers) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).headers(headers)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theReadOnlyTokenRunsReadOnlyCommandsOnlyAndStateChangesAreAudited() throws Exception {
        String reader = "reader-token-0123456789";
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.rpc_read_token", reader)).start();
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger auditLog = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        auditLog.addAppender(audit);
        try {
            URI rpc = http().uri("http", "/RPC");
            for (String readOnly : List.of("core.version", "stats.fetch", "ul.dump", "cluster.status", "system.listMethods")) {
                HttpResponse<String> r = post(rpc, "Bearer " + reader,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"" + readOnly + "\",\"id\":1}");
                assertEquals(200, r.statusCode(), readOnly + ": " + r.body());
            }
            assertTrue(audit.list.isEmpty(), "reads are not audited: " + audit.list);

            HttpResponse<String> refused = post(rpc, "Bearer " + reader,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"stats.reset_statistics\",\"params\":[\"all\"],\"id\":2}");
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals(403L, ((Map<?, ?>) json(refused).get("error")).get("code"));
            assertEquals(200, call("stats.reset_statistics", "[\"all\"]").statusCode(), "the full token may");
            HttpResponse<String> secret = call("subscriber.add", "[\"alice@example.com\",\"s3cret-password\"]");
            assertTrue(secret.statusCode() >= 200, secret.body());

            List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(3, lines.size(), lines.toString());
            assertEquals("rpc-read-token from 127.0.0.1: stats.reset_statistics refused: read-only token", lines.get(0));
            assertEquals("rpc-token from 127.0.0.1: stats.reset_statistics ok", lines.get(1));
            assertTrue(lines.get(2).startsWith("rpc-token from 127.0.0.1: subscriber.add "), lines.get(2));
            assertTrue(lines.stream().noneMatch(l -> l.contains("s3cret")), "parameters are never logged: " + lines);
        } finally {
            auditLog.detachAppender(audit);
        }
    }

    @Test
    void onlyPostIsAnswered() throws Exception {
        start();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(http().uri("http", "/RPC"))
                .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
    }

    @Test
    void nonLoopbackClientsGet403EvenWithTheToken() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeTrue(external != null, "this machine has no non-loopback IPv4 address");
        fixture = new ServerFixture(home).configure(b -> b.httpListen("0.0.0.0", 0)).start();
        URI uri = URI.create("http://" + external.getHostAddress() + ":" + http().port() + "/RPC");
        HttpResponse<String> r = post(uri, "Bearer " + token(), "{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"id\":1}");
        assertEquals(403, r.statusCode());
    }

    @Test
    void httpsServesRpcWithTheConfiguredKeystore() throws Exception {
        Path keystore = home.resolve("https.p12");
        keytool(keystore, "changeit");
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.tls_listen", "127.0.0.1:0")
                .moduleParam("http.keystore", "https.p12").moduleParam("http.keystore_password", "changeit")
                .moduleParam("http.rpc_token", "configured-token-123456")).start();
        assertTrue(http().tlsPort() > 0);
        HttpClient tls = HttpClient.newBuilder().sslContext(trusting(keystore, "changeit")).build();
        HttpResponse<String> r = tls.send(HttpRequest.newBuilder(http().uri("https", "/RPC"))
                .header("Authorization", "Bearer configured-token-123456").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"id\":9}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(9L, json(r).get("id"));
        assertTrue(Files.notExists(home.resolve("data/rpc.token")), "a configured token writes no token file");
    }

    @Test
    void aWrongKeystorePasswordStopsTheStartWithTheSetting() throws Exception {
        Path keystore = home.resolve("https.p12");
        keytool(keystore, "changeit");
        ServerFixture f = new ServerFixture(home).configure(b -> b.moduleParam("http.tls_listen", "127.0.0.1:0")
                .moduleParam("http.keystore", "https.p12").moduleParam("http.keystore_password", "wrong"));
        StackException e = assertThrows(StackException.class, f::start);
        assertTrue(e.getMessage().contains("http.keystore_password") && e.getMessage().contains("wrong password"),
                e.getMessage());
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    /** A self-signed EC key for 127.0.0.1, made with the JDK's keytool. */
    static void keytool(Path keystore, String password) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password,
                "-keypass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    }

    static SSLContext trusting(Path keystore, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
