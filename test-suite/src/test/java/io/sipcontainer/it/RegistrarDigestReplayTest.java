package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * Replay protection of digest authentication through the real registrar, with REGISTERs written by
 * hand and sent from a plain UDP socket, so a retransmission is the very same datagram: the server
 * transaction must absorb it (repeat the 200) rather than the nonce-count or one-time-nonce check
 * refusing it as a replay; a new request reusing the nonce is a replay and gets 401 {@code stale=true}
 * with a fresh nonce. {@code auth.add_authinfo_hdr} puts Authentication-Info on the 200.
 */
class RegistrarDigestReplayTest {
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    @TempDir
    Path home;
    private ServerFixture fixture;
    private RawSipClient client;
    private String realm;
    private final String callId = UUID.randomUUID() + "@replay";
    private int cseq;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private void start(UnaryOperator<ServerConfig.Builder> settings) throws Exception {
        fixture = new ServerFixture(home).dar(RegisterClient.DAR).configure(b -> settings.apply(b
                .moduleParam("auth.enabled", "yes").moduleParam("auth.qop", "auth")
                .moduleParam("auth.add_authinfo_hdr", "yes")));
        RegisterClient.deployRegistrar(fixture.deployDir());
        fixture.start();
        realm = fixture.udpAddress().getAddress().getHostAddress();
        fixture.server().services().get(RpcRegistry.class).call("subscriber.add",
                new RpcParams(List.of("alice@" + realm, "wonderland")));
        client = new RawSipClient(fixture.udpAddress());
    }

    /** A REGISTER of alice in this client's Call-ID, the next CSeq, a new branch and these extra lines. */
    private String register(String... extra) {
        String host = realm + ":" + fixture.udpPort();
        StringBuilder b = new StringBuilder();
        b.append("REGISTER sip:").append(host).append(" SIP/2.0\r\n");
        b.append("Via: SIP/2.0/UDP 127.0.0.1:").append(client.port()).append(";branch=z9hG4bK")
                .append(UUID.randomUUID().toString().replace("-", "")).append(";rport\r\n");
        b.append("Max-Forwards: 70\r\n");
        b.append("From: <sip:alice@").append(realm).append(">;tag=f1\r\n");
        b.append("To: <sip:alice@").append(realm).append(">\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(++cseq).append(" REGISTER\r\n");
        b.append("Contact: <sip:alice@127.0.0.1:").append(client.port()).append(">;expires=600\r\n");
        for (String line : extra) {
            b.append(line).append("\r\n");
        }
        return b.append("Content-Length: 0\r\n\r\n").toString();
    }

    private String requestUri() {
        return "sip:" + realm + ":" + fixture.udpPort();
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String ha1() {
        return md5("alice:" + realm + ":wonderland");
    }

    private String authorization(String nonce, String nc) {
        String response = md5(ha1() + ":" + nonce + ":" + nc + ":c0ffee:auth:" + md5("REGISTER:" + requestUri()));
        return "Authorization: Digest username=\"alice\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                + requestUri() + "\", response=\"" + response + "\", qop=auth, nc=" + nc + ", cnonce=\"c0ffee\"";
    }

    private static String nonceOf(Reply challenge) {
        String header = challenge.header("www-authenticate");
        assertNotNull(header, "a challenge: " + challenge);
        Matcher m = NONCE.matcher(header);
        assertTrue(m.find(), header);
        return m.group(1);
    }

    private String challengeNonce() {
        Reply challenge = client.send(register());
        assertEquals(401, challenge.status(), challenge.toString());
        return nonceOf(challenge);
    }

    /** Replies that came after the ones awaited, until the line is quiet: none may be a refusal. */
    private void assertNoRefusalFollows() {
        for (Reply late = client.pollFinal(QUIET); late != null; late = client.pollFinal(QUIET)) {
            assertEquals(200, late.status(), "a retransmission is answered with the same 200: " + late);
        }
    }

    @Test
    void aRetransmittedRegisterIsAbsorbedByTheTransactionNotRefusedByTheNonceCount() throws Exception {
        start(b -> b.moduleParam("auth.nonce_count", "yes"));
        String nonce = challengeNonce();

        String first = register(authorization(nonce, "00000001"));
        client.sendOnly(first);
        client.sendOnly(first); // the UAC's timer E fired before the 200 arrived
        Reply ok = client.awaitFinal();
        assertEquals(200, ok.status(), ok.toString());
        assertNoRefusalFollows();
        Reply repeated = client.send(first); // and again once the 200 is out: the transaction repeats it
        assertEquals(200, repeated.status(), repeated.toString());
        assertEquals(ok.header("to"), repeated.header("to"), "the same answer, not a new one");
        assertEquals(ok.header("authentication-info"), repeated.header("authentication-info"));

        Reply replay = client.send(register(authorization(nonce, "00000001")));
        assertEquals(401, replay.status(), "a new request with a used nc is a replay: " + replay);
        assertTrue(replay.header("www-authenticate").contains("stale=true"), replay.toString());
        assertNotEquals(nonce, nonceOf(replay), "a fresh nonce");

        Reply next = client.send(register(authorization(nonce, "00000002")));
        assertEquals(200, next.status(), "a higher nc of the same nonce is fine: " + next);
    }

    @Test
    void aOneTimeNonceAuthorisesOneRequestAndItsAuthenticationInfoOffersTheNext() throws Exception {
        start(b -> b.moduleParam("auth.one_time_nonce", "yes"));
        String nonce = challengeNonce();

        String first = register(authorization(nonce, "00000001"));
        Reply ok = client.send(first);
        assertEquals(200, ok.status(), ok.toString());
        String header = ok.header("authentication-info");
        assertNotNull(header, "auth.add_authinfo_hdr: " + ok);
        String info = header.replace(", ", ","); // the stack writes the list without spaces
        String rspauth = md5(ha1() + ":" + nonce + ":00000001:c0ffee:auth:" + md5(":" + requestUri()));
        assertTrue(info.startsWith("qop=auth,rspauth=\"" + rspauth + "\",cnonce=\"c0ffee\",nc=00000001,nextnonce=\""),
                info);
        Matcher next = Pattern.compile("nextnonce=\"([^\"]+)\"").matcher(info);
        assertTrue(next.find());
        Reply repeated = client.send(first);
        assertEquals(200, repeated.status(), "the retransmission is absorbed, though the nonce is used up: " + repeated);
        assertNoRefusalFollows();

        Reply replay = client.send(register(authorization(nonce, "00000002")));
        assertEquals(401, replay.status(), "a used one-time nonce, whatever the nc: " + replay);
        assertTrue(replay.header("www-authenticate").contains("stale=true"), replay.toString());
        assertNotEquals(nonce, nonceOf(replay));
        assertNull(replay.header("authentication-info"), "only a 2xx carries it");

        Reply withNext = client.send(register(authorization(next.group(1), "00000001")));
        assertEquals(200, withNext.status(), "the nextnonce authorises the next request: " + withNext);
        assertFalse(withNext.header("authentication-info").contains(next.group(1)), "and names another one");
    }
}
