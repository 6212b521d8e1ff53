package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.AuthServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.auth.NonceCodec;
import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.DigestAnswer;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Digest authentication through a real server: a test application guards REGISTER and MESSAGE
 * with the container's DigestAuth as Kamailio's sample configuration does, and clients (a JAIN-SIP
 * agent computing digests with {@link DigestAnswer}, and SIPp) answer its challenges.
 * Subscribers are added with the {@code subscriber.add} RPC command.
 */
class DigestAuthEndToEndTest {
    private static final String SECRET = "end-to-end nonce secret";
    private static final String DOMAIN = "example.com";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String DAR = DarText.route("REGISTER", "auth") + DarText.route("MESSAGE", "auth");

    @TempDir
    static Path home;
    private static ServerFixture fixture;
    private static SipAgent agent;
    private static HeaderFactory headers;

    @BeforeAll
    static void startServer() throws Exception {
        // SIPp's digest uri is sip:<remote_ip>:<remote_port>, not the MESSAGE's Request-URI
        fixture = startAuthServer(home, b -> b.moduleParam("auth.algorithms", "MD5,SHA-256")
                .moduleParam("auth.qop", "auth").moduleParam("auth.secret", SECRET).moduleParam("auth.check_uri", "no"));
        addSubscriber(fixture, "alice@" + DOMAIN, "wonderland");
        addSubscriber(fixture, "bob@" + DOMAIN, "builder");
        addSubscriber(fixture, "sippuser@127.0.0.1", "sipp-pass");
        agent = new SipAgent();
        headers = SipFactory.getInstance().createHeaderFactory();
    }

    @AfterAll
    static void stopServer() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static ServerFixture startAuthServer(Path dir,
            java.util.function.UnaryOperator<io.sipcontainer.config.ServerConfig.Builder> settings) throws Exception {
        ServerFixture f = new ServerFixture(dir).dar(DAR)
                .configure(b -> settings.apply(b.moduleParam("auth.enabled", "yes")));
        f.deploy(SarBuilder.named("auth.sar").sipXml(SarBuilder.sipXml("auth", "auth", AuthServlet.class.getName()))
                .withClasses(AuthServlet.class));
        f.start();
        assertTrue(f.server().applications().names().contains("auth"), "the test application is deployed");
        return f;
    }

    private static void addSubscriber(ServerFixture f, String account, String password) throws Exception {
        f.server().services().get(RpcRegistry.class).call("subscriber.add", new RpcParams(List.of(account, password)));
    }

    // --- client side ------------------------------------------------------------------------------

    private Request request(String method, String fromUser, String toUser) {
        String target = method.equals("REGISTER") ? "sip:" + fixture.udpAddress().getHostString() + ":"
                + fixture.udpPort() : "sip:" + toUser + "@127.0.0.1:" + fixture.udpPort();
        return agent.newRequest(method, target, "<sip:" + fromUser + "@" + DOMAIN + ">",
                "<sip:" + toUser + "@" + DOMAIN + ">");
    }

    private Response send(Request r) {
        return agent.awaitFinalResponse(agent.send(r), WAIT);
    }

    private static List<WWWAuthenticateHeader> challenges(Response r) {
        return DigestAnswer.challenges(r);
    }

    private static String credentialsLeft(Response ok) {
        return ((javax.sip.header.ExtensionHeader) ok.getHeader("X-Credentials-Left")).getValue().strip();
    }

    private static Request answer(Request r, WWWAuthenticateHeader challenge, String user, String password,
            boolean useQop, String nonce) {
        return DigestAnswer.answer(r, challenge, user, password, useQop, nonce);
    }

    private static Request answer(Request r, WWWAuthenticateHeader challenge, String user, String password) {
        return DigestAnswer.answer(r, challenge, user, password);
    }

    // --- tests ------------------------------------------------------------------------------------

    @Test
    void registerIsChallengedWith401ThenAcceptedWithTheRightPassword() throws Exception {
        Response challenge = send(request("REGISTER", "alice", "alice"));
        assertEquals(401, challenge.getStatusCode());
        assertEquals("Unauthorized", challenge.getReasonPhrase());
        List<WWWAuthenticateHeader> offered = challenges(challenge);
        assertEquals(2, offered.size(), "one challenge per configured algorithm");
        assertEquals("MD5", offered.get(0).getAlgorithm());
        assertEquals("SHA-256", offered.get(1).getAlgorithm());
        for (WWWAuthenticateHeader c : offered) {
            assertEquals("Digest", c.getScheme());
            assertEquals(DOMAIN, c.getRealm(), "the From domain is the realm");
            assertEquals("auth", c.getQop());
            assertEquals(NonceCodec.LENGTH, c.getNonce().length());
            assertFalse(c.toString().contains("stale"), c.toString());
        }
        Response ok = send(answer(request("REGISTER", "alice", "alice"), offered.get(0), "alice", "wonderland"));
        assertEquals(200, ok.getStatusCode());
        assertEquals("0", credentialsLeft(ok),
                "consume_credentials removed the Authorization header");
    }

    @Test
    void messageIsChallengedWith407AndOnlyTheCheckedCredentialsAreConsumed() throws Exception {
        Response challenge = send(request("MESSAGE", "alice", "bob"));
        assertEquals(407, challenge.getStatusCode());
        assertEquals("Proxy Authentication Required", challenge.getReasonPhrase());
        assertNotNull(challenge.getHeader("Proxy-Authenticate"));
        assertEquals(null, challenge.getHeader("WWW-Authenticate"));
        Request retry = request("MESSAGE", "alice", "bob");
        retry.addHeader(headers.createHeader("Proxy-Authorization", "Digest username=\"alice\", realm=\"other.net\", "
                + "nonce=\"x\", uri=\"sip:other.net\", response=\"00000000000000000000000000000000\""));
        Response ok = send(answer(retry, challenges(challenge).get(0), "alice", "wonderland"));
        assertEquals(200, ok.getStatusCode());
        assertEquals("1", credentialsLeft(ok),
                "the credentials for another realm stay for the next proxy");
    }

    @Test
    void wrongPasswordIsChallengedAgainWithoutStale() throws Exception {
        Response challenge = send(request("MESSAGE", "alice", "bob"));
        Response again = send(answer(request("MESSAGE", "alice", "bob"), challenges(challenge).get(0), "alice", "guess"));
        assertEquals(407, again.getStatusCode());
        assertFalse(challenges(again).get(0).isStale());
        Response unknown = send(answer(request("MESSAGE", "mallory", "bob"), challenges(challenge).get(0), "mallory",
                "x"));
        assertEquals(407, unknown.getStatusCode(), "an unknown user is challenged too");
    }

    @Test
    void expiredNonceIsAnsweredWithStaleTrueAndAFreshOneWorks() throws Exception {
        WWWAuthenticateHeader challenge = challenges(send(request("MESSAGE", "alice", "bob"))).get(0);
        // a nonce issued with the server's secret 400 s ago: past nonce_expire (300 s)
        String expired = new NonceCodec(SECRET.getBytes(StandardCharsets.UTF_8), 300, 3,
                () -> System.currentTimeMillis() / 1000 - 400).issue();
        Response stale = send(answer(request("MESSAGE", "alice", "bob"), challenge, "alice", "wonderland", true,
                expired));
        assertEquals(407, stale.getStatusCode());
        WWWAuthenticateHeader renewed = challenges(stale).get(0);
        assertTrue(renewed.isStale(), "stale=true: " + renewed);
        assertTrue(stale.toString().contains("stale=true"), stale.toString());
        assertEquals(200, send(answer(request("MESSAGE", "alice", "bob"), renewed, "alice", "wonderland"))
                .getStatusCode());
    }

    @Test
    void forgedNonceIsChallengedAgain() throws Exception {
        WWWAuthenticateHeader challenge = challenges(send(request("MESSAGE", "alice", "bob"))).get(0);
        String forged = new NonceCodec("some other secret!".getBytes(StandardCharsets.UTF_8), 300, 3,
                () -> System.currentTimeMillis() / 1000).issue();
        Response r = send(answer(request("MESSAGE", "alice", "bob"), challenge, "alice", "wonderland", true, forged));
        assertEquals(407, r.getStatusCode());
        assertFalse(challenges(r).get(0).isStale());
    }

    @Test
    void sha256ChallengeIsAcceptedFromAClientThatSupportsIt() throws Exception {
        List<WWWAuthenticateHeader> offered = challenges(send(request("REGISTER", "bob", "bob")));
        WWWAuthenticateHeader sha = offered.stream().filter(c -> "SHA-256".equals(c.getAlgorithm())).findFirst()
                .orElseThrow();
        Request r = answer(request("REGISTER", "bob", "bob"), sha, "bob", "builder");
        assertTrue(r.getHeader("Authorization").toString().contains("algorithm=SHA-256"));
        assertEquals(200, send(r).getStatusCode());
    }

    @Test
    void clientOmittingQopIsAccepted() throws Exception {
        WWWAuthenticateHeader challenge = challenges(send(request("MESSAGE", "bob", "alice"))).get(0);
        Request r = answer(request("MESSAGE", "bob", "alice"), challenge, "bob", "builder", false, challenge.getNonce());
        assertFalse(r.getHeader("Proxy-Authorization").toString().contains("qop"));
        assertEquals(200, send(r).getStatusCode());
    }

    @Test
    void registerOfAnotherUsersAddressIsRefusedWith403() throws Exception {
        WWWAuthenticateHeader challenge = challenges(send(request("REGISTER", "alice", "bob"))).get(0);
        Response r = send(answer(request("REGISTER", "alice", "bob"), challenge, "alice", "wonderland"));
        assertEquals(403, r.getStatusCode(), "AUTH_USER_MISMATCH: alice may not register bob");
        assertEquals("Forbidden auth ID", r.getReasonPhrase());
    }

    @Test
    void sippRegistersAndSendsAMessageAnsweringMd5Challenges() {
        Sipp.require();
        Map<String, Long> before = replyCounts();
        SippResult result = Sipp.scenario("sipp/register-message-auth.xml").remote(fixture.udpPort()).udp()
                .service("sippuser").args("-au", "sippuser", "-ap", "sipp-pass").calls(5).rate(10).run();
        assertEquals(0, result.exitCode(), "every call got both challenges and both 200s: " + result);
        assertEquals(5, result.successful(), result.toString());
        assertEquals(Map.of("sl:401_replies", 5L, "sl:407_replies", 5L, "sl:200_replies", 10L, "sl:403_replies", 0L),
                delta(before, replyCounts()), "one 401, one 407 and two 200s per call, as the server counted them");
    }

    @Test
    void sippWithAWrongPasswordIsChallengedAgain() {
        Sipp.require();
        Map<String, Long> before = replyCounts();
        SippResult result = Sipp.scenario("sipp/register-wrong-password.xml").remote(fixture.udpPort()).udp()
                .service("sippuser").args("-au", "sippuser", "-ap", "not-the-password").calls(2).rate(10).run();
        assertEquals(0, result.exitCode(), "each call saw the challenge and then a second 401: " + result);
        assertEquals(2, result.successful(), result.toString());
        assertEquals(Map.of("sl:401_replies", 4L, "sl:407_replies", 0L, "sl:200_replies", 0L, "sl:403_replies", 0L),
                delta(before, replyCounts()), "the wrong digest earned a 401, never a 200");
    }

    private static final List<String> REPLY_COUNTERS = List.of("sl:200_replies", "sl:401_replies", "sl:403_replies",
            "sl:407_replies");

    /** The server's counts of the replies it sent, by status (counted when each leaves its transaction). */
    private static Map<String, Long> replyCounts() {
        Statistics stats = fixture.server().services().get(Statistics.class);
        Map<String, Long> counts = new TreeMap<>();
        for (String name : REPLY_COUNTERS) {
            counts.put(name, stats.snapshot(name).getOrDefault(name, -1L));
        }
        return counts;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        before.forEach((name, count) -> d.put(name, after.get(name) - count));
        return d;
    }

    @Test
    void nonceIssuedBeforeARestartIsAcceptedAfterIt(@TempDir Path otherHome) throws Exception {
        // no auth.secret: one is generated and kept under data/
        ServerFixture first = startAuthServer(otherHome, b -> b);
        WWWAuthenticateHeader challenge;
        try {
            addSubscriber(first, "carol@" + DOMAIN, "c4rol");
            Request r = agent.newRequest("MESSAGE", "sip:x@127.0.0.1:" + first.udpPort(), "<sip:carol@" + DOMAIN + ">",
                    "<sip:x@" + DOMAIN + ">");
            Response resp = agent.awaitFinalResponse(agent.send(r), WAIT);
            assertEquals(407, resp.getStatusCode());
            challenge = challenges(resp).get(0);
            assertEquals(null, challenge.getAlgorithm(), "MD5 alone: no algorithm parameter, as Kamailio");
            assertEquals(null, challenge.getQop(), "qop not offered by default");
        } finally {
            first.close();
        }
        assertTrue(Files.exists(otherHome.resolve("data/auth.secret")));
        ServerFixture second = startAuthServer(otherHome, b -> b);
        try {
            Request r = agent.newRequest("MESSAGE", "sip:x@127.0.0.1:" + second.udpPort(), "<sip:carol@" + DOMAIN + ">",
                    "<sip:x@" + DOMAIN + ">");
            Response resp = agent.awaitFinalResponse(agent.send(answer(r, challenge, "carol", "c4rol")), WAIT);
            assertEquals(200, resp.getStatusCode(), "same secret and the subscriber kept in the database");
        } finally {
            second.close();
        }
    }
}
