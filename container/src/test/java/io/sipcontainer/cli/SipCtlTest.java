package io.sipcontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.http.JsonBodies;

/**
 * sipctl against a JSON-RPC stub on a real HTTP socket, answering as Kamailio's jsonrpcs does
 * (result, or error with HTTP status = code): what is sent for each command, how answers and
 * faults are printed, where the endpoint and token come from.
 */
class SipCtlTest {
    @TempDir
    Path home;

    private HttpServer stub;
    private final List<Map<?, ?>> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** The answer to a request: HTTP status and body. */
    private volatile Function<Map<?, ?>, Object[]> answer = r -> new Object[] {200,
        "{\"jsonrpc\":\"2.0\",\"result\":{\"id\":1,\"username\":\"alice\"},\"id\":1}"};
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/RPC", this::handle);
        stub.start();
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("conf/sipcontainer.cfg"),
                "# http_listen = 127.0.0.1:9\nhttp_listen = 127.0.0.1:" + stub.getAddress().getPort() + "  # console\n");
        Files.writeString(home.resolve("data/rpc.token"), "t0k3n\n");
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<?, ?> request;
        try {
            request = (Map<?, ?>) JsonBodies.parseReply(body);
        } catch (JsonBodies.MalformedJson e) {
            throw new IOException(e);
        }
        requests.add(request);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        Object[] reply = answer.apply(request);
        byte[] bytes = ((String) reply[1]).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders((Integer) reply[0], bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

    private int run(String... args) {
        return runWithInput("", args);
    }

    private int runWithInput(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return new SipCtl(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))).run(all.toArray(String[]::new));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Map<?, ?> onlyRequest() {
        assertEquals(1, requests.size(), "one request sent");
        return requests.get(0);
    }

    @Test
    void addSendsAJsonRpcRequestWithTheTokenAndPrintsTheResultIndented() {
        assertEquals(SipCtl.OK, run("add", "alice@example.com", "s3cret"));
        Map<?, ?> r = onlyRequest();
        assertEquals("2.0", r.get("jsonrpc"));
        assertEquals("subscriber.add", r.get("method"));
        assertEquals(List.of("alice@example.com", "s3cret"), r.get("params"));
        assertEquals(1L, r.get("id"));
        assertEquals("Bearer t0k3n", authorizations.get(0));
        assertEquals("{\n  \"id\": 1,\n  \"username\": \"alice\"\n}\n", stdout());
    }

    @Test
    void subscriberCommandsMapToTheirRpcMethods() {
        answer = r -> new Object[] {200, "{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":1}"};
        assertEquals(SipCtl.OK, run("passwd", "alice@example.com", "new"));
        assertEquals(SipCtl.OK, run("rm", "alice@example.com"));
        assertEquals(SipCtl.OK, run("show"));
        assertEquals(SipCtl.OK, run("show", "example.com"));
        assertEquals(SipCtl.OK, run("show", "alice@example.com"));
        assertEquals(List.of("subscriber.passwd", "subscriber.rm", "subscriber.list", "subscriber.list", "subscriber.show"),
                requests.stream().map(r -> r.get("method")).toList());
        assertEquals(List.of(List.of("alice@example.com", "new"), List.of("alice@example.com"), List.of(),
                List.of("example.com"), List.of("alice@example.com")), requests.stream().map(r -> r.get("params")).toList());
        assertEquals("", stdout(), "a null result prints nothing");
    }

    @Test
    void passwordLeftOutIsReadFromStandardInput() {
        assertEquals(SipCtl.OK, runWithInput("typed secret\n", "add", "bob@example.com"));
        assertEquals(List.of("bob@example.com", "typed secret"), onlyRequest().get("params"));
    }

    @Test
    void usrlocCommandsAreKamctls() {
        assertEquals(SipCtl.OK, run("ul", "show"));
        assertEquals(SipCtl.OK, run("ul", "show", "sip:alice@example.com"));
        assertEquals(SipCtl.OK, run("ul", "rm", "sip:alice@example.com"));
        assertEquals(List.of("ul.dump", "ul.lookup", "ul.rm"), requests.stream().map(r -> r.get("method")).toList());
        assertEquals(List.of(List.of(), List.of("location", "sip:alice@example.com"),
                List.of("location", "sip:alice@example.com")), requests.stream().map(r -> r.get("params")).toList());
    }

    @Test
    void rpcSendsNumericLookingParametersAsNumbers() {
        assertEquals(SipCtl.OK, run("rpc", "stats.get_statistics", "all", "5", "-3", "1.5", "s:7", "07x"));
        Map<?, ?> r = onlyRequest();
        assertEquals("stats.get_statistics", r.get("method"));
        assertEquals(List.of("all", 5L, -3L, new BigDecimal("1.5"), "7", "07x"), r.get("params"));
    }

    @Test
    void faultIsPrintedWithItsCodeAndGivesStatus1() {
        answer = r -> new Object[] {500,
            "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":500,\"message\":\"Method Not Found\"},\"id\":1}"};
        assertEquals(SipCtl.FAULT, run("rpc", "no.such"));
        assertEquals("error: 500 Method Not Found\n", stderr());
        assertEquals("", stdout());
    }

    @Test
    void refusedTokenPointsAtTheTokenFile() {
        answer = r -> new Object[] {401, "<html>Unauthorized</html>"};
        assertEquals(SipCtl.FAULT, run("--token", "wrong", "show"));
        assertEquals("Bearer wrong", authorizations.get(0), "--token overrides the file");
        assertTrue(stderr().startsWith("error: 401 HTTP 401 without a JSON-RPC answer: <html>Unauthorized</html>"), stderr());
        assertTrue(stderr().contains("rpc.token"), stderr());
    }

    @Test
    void readOnlyUsesTheReadTokenOfTheConfigurationAndExplainsA403() throws IOException {
        Files.writeString(home.resolve("conf/sipcontainer.cfg"), "http_listen = 127.0.0.1:" + stub.getAddress().getPort()
                + "\nhttp.rpc_token = full-token-0123456789\nhttp.rpc_read_token = \"read-token-0123456789\" # monitoring\n");
        assertEquals(SipCtl.OK, run("--read-only", "rpc", "stats.get_statistics", "all"));
        assertEquals("Bearer read-token-0123456789", authorizations.get(0));

        answer = r -> new Object[] {403, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":403,\"message\":\"Forbidden\"},\"id\":1}"};
        assertEquals(SipCtl.FAULT, run("--read-only", "rm", "alice@example.com"));
        assertTrue(stderr().contains("the read-only token may run read-only commands only"), stderr());

        assertEquals(SipCtl.FAULT, run("rm", "alice@example.com"));
        assertEquals("Bearer full-token-0123456789", authorizations.get(2), "without --read-only: http.rpc_token");
    }

    @Test
    void readOnlyWithoutAReadTokenIsAUsageError() {
        assertEquals(SipCtl.USAGE, run("--read-only", "show"));
        assertTrue(stderr().contains("no http.rpc_read_token"), stderr());
        assertTrue(requests.isEmpty());
    }

    @Test
    void tokenFileGivesTheTokenAndWinsOverTheConfiguration() throws IOException {
        Path file = home.resolve("monitoring.token");
        Files.writeString(file, "  f1le-token-0123456789 \nsecond line ignored\n");
        assertEquals(SipCtl.OK, run("--token-file", file.toString(), "--read-only", "show"));
        assertEquals(SipCtl.OK, run("--credentials-file=" + file, "show"));
        assertEquals(List.of("Bearer f1le-token-0123456789", "Bearer f1le-token-0123456789"), authorizations);

        Files.writeString(file, "\n");
        assertEquals(SipCtl.USAGE, run("--token-file", file.toString(), "show"));
        assertEquals(SipCtl.USAGE, run("--token-file", home.resolve("missing").toString(), "show"));
        assertTrue(stderr().contains("cannot read the token"), stderr());
        assertEquals(2, requests.size());
    }

    @Test
    void urlOptionOverridesTheConfiguration() throws IOException {
        Files.writeString(home.resolve("conf/sipcontainer.cfg"), "http_listen = 127.0.0.1:9\n");
        assertEquals(SipCtl.OK, run("--url", "http://127.0.0.1:" + stub.getAddress().getPort() + "/RPC", "show"));
        assertEquals(1, requests.size());
    }

    @Test
    void unreachableServerGivesStatus3() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertEquals(SipCtl.UNREACHABLE, run("--url", "http://127.0.0.1:" + closedPort + "/RPC", "show"));
        assertTrue(stderr().contains("cannot connect"), stderr());
    }

    @Test
    void wrongUsageGivesStatus2AndTheUsage() {
        assertEquals(SipCtl.USAGE, run());
        assertEquals(SipCtl.USAGE, run("frobnicate"));
        assertEquals(SipCtl.USAGE, run("rm"));
        assertEquals(SipCtl.USAGE, run("ul", "rm"));
        assertEquals(SipCtl.USAGE, run("--bogus", "x", "show"));
        assertTrue(stderr().contains("usage: sipctl"), stderr());
        assertTrue(requests.isEmpty(), "nothing sent");
        assertEquals(SipCtl.OK, run("help"));
        assertTrue(stdout().contains("rpc METHOD"));
    }

    @Test
    void optionsTakeTheirValueEitherWayAndOnlyBeforeTheCommand() {
        String url = "http://127.0.0.1:" + stub.getAddress().getPort() + "/RPC";
        assertEquals(SipCtl.OK, run("--url=http://127.0.0.1:9/RPC", "--url=" + url, "--token", "t2",
                "rpc", "core.echo", "--home", "x", "@file", "-3"));
        assertEquals("Bearer t2", authorizations.get(0));
        assertEquals(List.of("--home", "x", "@file", -3L), onlyRequest().get("params"),
                "after the command every word is a parameter, as written");
        assertEquals(SipCtl.USAGE, run("--token"));
        assertTrue(stderr().startsWith("sipctl: option --token needs a value\n"), stderr());
    }

    @Test
    void helpOptionPrintsTheUsage() {
        assertEquals(SipCtl.OK, run("--help"));
        assertTrue(stdout().startsWith("usage: sipctl"), stdout());
        assertEquals("", stderr());
    }

    @Test
    void defaultEndpointComesFromHttpListen() throws IOException {
        Path other = home.resolve("other");
        assertEquals("http://127.0.0.1:8080/RPC", SipCtl.defaultUrl(other), "no configuration: the default");
        Files.createDirectories(other.resolve("conf"));
        Files.writeString(other.resolve("conf/sipcontainer.cfg"), "http_listen = \"0.0.0.0:8443\"\n");
        assertEquals("http://127.0.0.1:8443/RPC", SipCtl.defaultUrl(other));
        Files.writeString(other.resolve("conf/sipcontainer.cfg"), "http_listen = [::]\n");
        assertEquals("http://[::1]:8080/RPC", SipCtl.defaultUrl(other));
        Files.writeString(other.resolve("conf/sipcontainer.cfg"), "http_listen = [2001:db8::1]:81\n");
        assertEquals("http://[2001:db8::1]:81/RPC", SipCtl.defaultUrl(other));
    }

    @Test
    void typedKeepsOtherValuesAsStrings() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("12", 12L);
        expected.put("s:12", "12");
        expected.put("1.0", new BigDecimal("1.0"));
        expected.put("abc", "abc");
        expected.put("99999999999999999999", "99999999999999999999");
        expected.forEach((in, want) -> assertEquals(want, SipCtl.typed(in), in));
    }
}
