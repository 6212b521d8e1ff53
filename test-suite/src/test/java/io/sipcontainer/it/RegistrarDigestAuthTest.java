package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.DigestAnswer;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.service.LocationService;

/**
 * The shipped registrar's digest authentication, end to end: the default applications (registrar
 * and proxy from their real .sar files, the shipped {@code conf/dar.properties}) with
 * {@code auth.enabled = yes} offering MD5 and SHA-256, a subscriber added as the README says
 * ({@code bin/sipctl add}, which stores it in the H2 subscriber table through JSON-RPC), and a
 * JAIN-SIP agent registering: 401 with a nonce, the answer in either algorithm gets 200 and a
 * binding, a wrong password is challenged again and stores nothing.
 */
class RegistrarDigestAuthTest {
    private static final String DOMAIN = "example.com";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> b.moduleParam("auth.enabled", "yes").moduleParam("auth.algorithms", "MD5,SHA-256")
                        .alias(DOMAIN, 0));
        DefaultProxyTest.deploy("registrar", fixture.deployDir());
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        fixture.start();
        assertTrue(fixture.server().applications().names().containsAll(List.of("registrar", "proxy")));
        sipctl("add", "alice@" + DOMAIN, "wonderland");
        assertTrue(sipctl("show", "alice@" + DOMAIN).contains("alice"), "sipctl shows the stored subscriber");
        agent = new SipAgent();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Runs bin/sipctl against this server (its URL, and the token the server wrote under home); returns its output. */
    private String sipctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", Path.of("..", "bin", "sipctl").toString(),
                "--home", home.toString(),
                "--url", fixture.server().services().get(HttpInfo.class).uri("http", "/RPC").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sipctl ends");
        assertEquals(0, p.exitValue(), "sipctl " + String.join(" ", args) + ": " + output);
        return output;
    }

    private Request register(String user) {
        return agent.newRequest("REGISTER", "sip:127.0.0.1:" + fixture.udpPort(), "<sip:" + user + "@" + DOMAIN + ">",
                "<sip:" + user + "@" + DOMAIN + ">");
    }

    private Response send(Request r) {
        return agent.awaitFinalResponse(agent.send(r), WAIT);
    }

    private LocationService location() {
        return fixture.server().services().get(LocationService.class);
    }

    private void registersWith(String algorithm) {
        Response challenge = send(register("alice"));
        assertEquals(401, challenge.getStatusCode(), challenge.toString());
        assertEquals(2, DigestAnswer.challenges(challenge).size(), "one challenge per configured algorithm");
        WWWAuthenticateHeader offered = DigestAnswer.challenge(challenge, algorithm);
        assertEquals(DOMAIN, offered.getRealm(), "the To domain is the realm");
        assertNotNull(offered.getNonce());
        assertFalse(offered.getNonce().isBlank(), "a nonce");
        assertTrue(location().lookup("alice").isEmpty(), "nothing is stored before the credentials are checked");

        Response ok = send(DigestAnswer.answer(register("alice"), offered, "alice", "wonderland"));
        assertEquals(200, ok.getStatusCode(), ok.toString());
        assertEquals(List.of(agent.uri("agent")),
                location().lookup("alice").stream().map(c -> c.uri()).toList(), "the binding is stored");
    }

    @Test
    void md5AnswerToTheChallengeRegisters() {
        registersWith("MD5");
    }

    @Test
    void sha256AnswerToTheChallengeRegisters() {
        registersWith("SHA-256");
    }

    @Test
    void aWrongPasswordIsChallengedAgainAndStoresNothing() {
        Response challenge = send(register("alice"));
        assertEquals(401, challenge.getStatusCode());
        for (String algorithm : List.of("MD5", "SHA-256")) {
            Response refused = send(DigestAnswer.answer(register("alice"), DigestAnswer.challenge(challenge, algorithm),
                    "alice", "not-the-password"));
            assertEquals(401, refused.getStatusCode(), algorithm + ": " + refused);
            assertFalse(DigestAnswer.challenges(refused).isEmpty(), "a fresh challenge");
        }
        Response unknown = send(DigestAnswer.answer(register("mallory"), DigestAnswer.challenge(challenge, "MD5"),
                "mallory", "wonderland"));
        assertTrue(unknown.getStatusCode() == 401 || unknown.getStatusCode() == 403, unknown.toString());
        assertTrue(location().lookup("alice").isEmpty() && location().lookup("mallory").isEmpty(),
                "no binding without valid credentials");
    }
}
