package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.SipFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.Contact;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * The default proxy application deployed from its real .sar with the shipped DAR file, on a real
 * server: SIPp callers and callees call each other through it (record-routing, CANCEL, busy and
 * silent callees, parallel and serial forking), and raw requests check the replies of Kamailio's
 * default configuration with their exact reason phrases.
 */
class DefaultProxyTest {
    private static final Duration CALL_LIMIT = Duration.ofSeconds(30);
    /** A domain of this server (an alias), the realm of its subscribers. */
    private static final String DOMAIN = "example.com";

    @TempDir
    Path home;
    private ServerFixture fixture;
    private RawSipClient raw;

    /** Starts the server with the proxy (and, if asked, the registrar) and these module settings. */
    private void start(boolean withRegistrar, String... settings) throws Exception {
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> {
                    for (int i = 0; i < settings.length; i += 2) {
                        b.moduleParam(settings[i], settings[i + 1]);
                    }
                    return b.alias(DOMAIN, 0);
                });
        deploy("proxy", fixture.deployDir());
        if (withRegistrar) {
            deploy("registrar", fixture.deployDir());
        }
        fixture.start();
        assertTrue(fixture.server().applications().names().contains("proxy"));
        raw = new RawSipClient(fixture.udpAddress());
    }

    /** Puts an application built by apps/NAME into a deploy directory. */
    static void deploy(String app, Path deployDir) throws Exception {
        Path sar = Path.of("..", "apps", app, "target", app + ".sar");
        if (!Files.exists(sar)) {
            throw new IllegalStateException(sar.toAbsolutePath() + " is missing: build apps/" + app + " first");
        }
        Files.copy(sar, deployDir.resolve(app + ".sar"), StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterEach
    void stop() {
        if (raw != null) {
            raw.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Sipp callee(String scenario) {
        return Sipp.scenario("sipp/" + scenario).calls(1).timeout(CALL_LIMIT);
    }

    private SippResult call(String scenario) {
        return Sipp.scenario("sipp/" + scenario).remote(fixture.udpPort()).udp().service("bob").calls(1)
                .timeout(CALL_LIMIT).run();
    }

    private static String contact(Sipp sipp) {
        return "sip:bob@127.0.0.1:" + sipp.localPort();
    }

    private void awaitNoSessions() {
        Poll.until(() -> fixture.server().sessions().size() == 0, Duration.ofSeconds(10),
                () -> "application sessions left: " + fixture.server().sessions().size());
    }

    // --- calls between SIPp agents -------------------------------------------------------------

    @Test
    void callIsRecordRoutedAndItsDialogRoutedThroughTheProxy() throws Exception {
        Sipp.require();
        Sipp bob = callee("proxy-uas-answer.xml");
        start(false, "proxy.static_location", "bob=" + contact(bob));
        try (Sipp.Running callee = bob.start()) {
            SippResult caller = call("proxy-uac-call.xml");
            assertTrue(caller.allSucceeded(), "caller: " + caller);
            SippResult answered = callee.awaitResult();
            assertTrue(answered.allSucceeded(), "callee (Record-Route with lr, Via received and rport): " + answered);
        }
        awaitNoSessions();
    }

    @Test
    void callerCancelsBeforeTheAnswer() throws Exception {
        Sipp.require();
        Sipp bob = callee("proxy-uas-ring-cancel.xml");
        start(false, "proxy.static_location", "bob=" + contact(bob));
        try (Sipp.Running callee = bob.start()) {
            SippResult caller = call("proxy-uac-cancel.xml");
            assertTrue(caller.allSucceeded(), "caller gets 200 to its CANCEL and 487 to the INVITE: " + caller);
            SippResult cancelled = callee.awaitResult();
            assertTrue(cancelled.allSucceeded(), "the callee gets the CANCEL: " + cancelled);
        }
    }

    @Test
    void busyCalleesAnswerReachesTheCaller() throws Exception {
        Sipp.require();
        Sipp bob = callee("proxy-uas-busy.xml");
        start(false, "proxy.static_location", "bob=" + contact(bob));
        try (Sipp.Running callee = bob.start()) {
            SippResult caller = call("proxy-uac-busy.xml");
            assertTrue(caller.allSucceeded(), "caller gets 486 Busy Here: " + caller);
            SippResult busy = callee.awaitResult();
            assertTrue(busy.allSucceeded(), "the callee's 486 is acknowledged by the proxy: " + busy);
        }
    }

    @Test
    void silentCalleeIsCancelledAndTheCallerGets408AfterFrInvTimer() throws Exception {
        Sipp.require();
        Sipp bob = callee("proxy-uas-ring-cancel.xml");
        start(false, "proxy.static_location", "bob=" + contact(bob), "proxy.fr_inv_timer", "2000");
        try (Sipp.Running callee = bob.start()) {
            long begin = System.nanoTime();
            SippResult caller = call("proxy-uac-timeout.xml");
            long elapsedMillis = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(caller.allSucceeded(), "caller gets 180 then 408: " + caller);
            assertTrue(elapsedMillis >= 1900, "the 408 comes after fr_inv_timer, not before: " + elapsedMillis + " ms");
            SippResult cancelled = callee.awaitResult();
            assertTrue(cancelled.allSucceeded(), "the ringing callee is cancelled: " + cancelled);
        }
    }

    @Test
    void parallelForkFirstAnswerWinsAndTheOtherCalleeIsCancelled() throws Exception {
        Sipp.require();
        Sipp answers = callee("proxy-uas-answer.xml");
        Sipp rings = callee("proxy-uas-ring-cancel.xml");
        start(false, "proxy.static_location", "bob=" + contact(answers) + " bob=" + contact(rings));
        try (Sipp.Running a = answers.start(); Sipp.Running b = rings.start()) {
            SippResult caller = call("proxy-uac-call.xml");
            assertTrue(caller.allSucceeded(), "caller: " + caller);
            SippResult answered = a.awaitResult();
            assertTrue(answered.allSucceeded(), "the answering callee: " + answered);
            SippResult cancelled = b.awaitResult();
            assertTrue(cancelled.allSucceeded(), "the other callee is cancelled: " + cancelled);
        }
        awaitNoSessions();
    }

    @Test
    void serialForkTriesTheNextQGroupAfterA5xx() throws Exception {
        Sipp.require();
        Sipp first = callee("proxy-uas-unavailable.xml");
        Sipp second = callee("proxy-uas-answer.xml");
        start(false, "proxy.static_location", "bob=" + contact(first) + ";q=1.0 bob=" + contact(second) + ";q=0.5");
        try (Sipp.Running a = first.start(); Sipp.Running b = second.start()) {
            SippResult caller = call("proxy-uac-call.xml");
            assertTrue(caller.allSucceeded(), "the caller is answered by the second group: " + caller);
            assertTrue(a.awaitResult().allSucceeded(), "the first contact was tried and its 503 acknowledged");
            assertTrue(b.awaitResult().allSucceeded(), "the second contact answered");
        }
        awaitNoSessions();
    }

    @Test
    void registeredUsersAreCalledThroughTheLocationService() throws Exception {
        Sipp.require();
        Sipp bob = callee("proxy-uas-answer.xml");
        start(true);
        try (RegisterClient registration = new RegisterClient(fixture.udpAddress())) {
            Reply ok = registration.register("bob", "Contact: <" + contact(bob) + ">", "Expires: 600");
            assertEquals(200, ok.status(), ok.text());
        }
        try (Sipp.Running callee = bob.start()) {
            SippResult caller = call("proxy-uac-call.xml");
            assertTrue(caller.allSucceeded(), "caller: " + caller);
            assertTrue(callee.awaitResult().allSucceeded(), "the registered contact answered");
        }
    }

    @Test
    void contactsThatDoNotAllowTheMethodGive405() throws Exception {
        start(true);
        try (RegisterClient registration = new RegisterClient(fixture.udpAddress())) {
            Reply ok = registration.register("carol", "Contact: <sip:carol@127.0.0.1:9>",
                    "Allow: INVITE, ACK, BYE, CANCEL");
            assertEquals(200, ok.status(), ok.text());
        }
        assertReply(405, "Method Not Allowed", raw.send(request("MESSAGE", "sip:carol@" + server(), "")));
    }

    @Test
    void contactsBehindNatAreReachedAtTheirReceivedAddressAndPathsAreFollowed() throws Exception {
        try (SipAgent bob = new SipAgent(); SipAgent edge = new SipAgent()) {
            start(true);
            LocationService location = fixture.server().services().get(LocationService.class);
            // bob registered from behind a NAT: his contact is private, his REGISTER came from his agent
            location.save(new Contact("bob", "sip:bob@10.255.255.1:5060", 1f, 0, "nat-call", 1,
                    "sip:127.0.0.1:" + bob.port(), List.of(), null, "test", null, 0, Contact.ALL_METHODS, 0, 0,
                    System.currentTimeMillis(), null));
            // carol registered through an edge proxy that added a Path
            location.save(new Contact("carol", "sip:carol@10.255.255.2:5060", 1f, 0, "path-call", 1, null,
                    List.of("<sip:127.0.0.1:" + edge.port() + ";lr>"), null, "test", null, 0, Contact.ALL_METHODS,
                    0, 0, System.currentTimeMillis(), null));

            raw.sendOnly(request("MESSAGE", "sip:bob@" + server(), ""));
            RequestEvent atBob = bob.awaitRequest("MESSAGE", Duration.ofSeconds(5));
            assertEquals("sip:bob@10.255.255.1:5060", atBob.getRequest().getRequestURI().toString(),
                    "the Request-URI is the registered contact");
            bob.respond(atBob, 200);
            assertEquals(200, raw.awaitFinal().status());

            raw.sendOnly(request("MESSAGE", "sip:carol@" + server(), ""));
            RequestEvent atEdge = edge.awaitRequest("MESSAGE", Duration.ofSeconds(5));
            assertEquals("sip:carol@10.255.255.2:5060", atEdge.getRequest().getRequestURI().toString());
            assertTrue(atEdge.getRequest().getHeader("Route").toString().contains("127.0.0.1:" + edge.port()),
                    "the Path becomes the route: " + atEdge.getRequest());
            edge.respond(atEdge, 200);
            assertEquals(200, raw.awaitFinal().status());
        }
    }

    @Test
    void inDialogRequestsOfDialogsThisServerDoesNotRouteFollowTheirRoute() throws Exception {
        try (SipAgent bob = new SipAgent()) {
            start(false);
            // loose_route(): a Route that is not ours is followed, as Kamailio's WITHINDLG does
            String route = "Route: <sip:127.0.0.1:" + bob.port() + ";lr>\r\n";
            raw.sendOnly(request("INFO", "sip:bob@10.255.255.1:5060", route)
                    .replace(">\r\nCall-ID", ">;tag=other-dialog\r\nCall-ID"));
            RequestEvent info = bob.awaitRequest("INFO", Duration.ofSeconds(5));
            assertEquals("sip:bob@10.255.255.1:5060", info.getRequest().getRequestURI().toString());
            assertEquals(69, maxForwards(info));
            bob.respond(info, 200);
            assertEquals(200, raw.awaitFinal().status());
        }
    }

    // --- Max-Forwards on the way through ----------------------------------------------------------

    /**
     * maxfwd's max_limit on the way through. (A request without Max-Forwards, which Kamailio sends
     * on with 10, never reaches the application: JAIN-SIP refuses it a server transaction.)
     */
    @Test
    void maxForwardsIsDecrementedAndClampedToMaxLimit() throws Exception {
        try (SipAgent bob = new SipAgent()) {
            start(false, "proxy.static_location", "bob=" + bob.uri("bob"));
            for (String[] c : new String[][] {{"100", "70"}, {"71", "70"}, {"5", "4"}, {"1", "0"}}) {
                String mf = "Max-Forwards: " + c[0] + "\r\n";
                raw.sendOnly(request("MESSAGE", "sip:bob@" + server(), mf).replace("Max-Forwards: 70\r\n", ""));
                RequestEvent in = bob.awaitRequest("MESSAGE", Duration.ofSeconds(5));
                assertEquals(Integer.parseInt(c[1]), maxForwards(in), "Max-Forwards " + c[0] + " goes on as " + c[1]);
                bob.respond(in, 200);
                assertEquals(200, raw.awaitFinal().status());
            }
        }
    }

    // --- the default configuration's own replies ------------------------------------------------

    @Test
    void defaultConfigurationReplies() throws Exception {
        start(false);
        String me = server();
        assertReply(200, "Keepalive", raw.send(request("OPTIONS", "sip:" + me, "")));
        assertReply(483, "Too Many Hops", raw.send(request("OPTIONS", "sip:" + me, "Max-Forwards: 0\r\n")
                .replace("Max-Forwards: 70\r\n", "")));
        assertReply(483, "Too Many Hops", raw.send(request("INVITE", "sip:bob@" + me, "Max-Forwards: 0\r\n")
                .replace("Max-Forwards: 70\r\n", "")));
        assertReply(404, "Not Found", raw.send(request("INVITE", "sip:nobody@" + me, "")));
        assertReply(403, "Not relaying", raw.send(request("INVITE", "sip:bob@192.0.2.1", "")));
        assertReply(403, "Not relaying", raw.send(request("MESSAGE", "sip:bob@127.0.0.1:9", "")));
        assertReply(484, "Address Incomplete", raw.send(request("INVITE", "sip:" + me, "")));
        assertReply(404, "Not here", raw.send(request("PUBLISH", "sip:bob@" + me, "Event: presence\r\n")));
        assertReply(404, "No voicemail service",
                raw.send(request("SUBSCRIBE", "sip:bob@" + me, "Event: message-summary\r\n")));
        assertReply(404, "Not here", raw.send(request("BYE", "sip:bob@" + me, "")
                .replace(">\r\nCall-ID", ">;tag=unknown-dialog\r\nCall-ID")));
        // Kamailio says "400 CSeq method does not match request method"; JAIN-SIP answers first, with its phrase
        assertEquals(400, raw.send(request("INVITE", "sip:bob@" + me, "").replace(" INVITE\r\n", " BYE\r\n"))
                .status());
    }

    @Test
    void scannersGetNoAnswerAndTheServerGoesOn() throws Exception {
        start(false);
        raw.sendOnly(request("OPTIONS", "sip:" + server(), "User-Agent: friendly-scanner\r\n"));
        assertTrue(raw.pollFinal(Duration.ofSeconds(1)) == null, "a scanner is dropped silently");
        awaitNoSessions(); // nothing is kept for a request nobody answers
        assertReply(200, "Keepalive", raw.send(request("OPTIONS", "sip:" + server(), "")));
    }

    // --- AUTH with the digest service --------------------------------------------------------------

    @Test
    void localCallersAreChallengedThenRelayedWithoutTheirCredentials() throws Exception {
        try (SipAgent alice = new SipAgent(); SipAgent bob = new SipAgent()) {
            start(false, "auth.enabled", "yes", "proxy.static_location", "bob=" + bob.uri("bob"));
            fixture.server().services().get(RpcRegistry.class)
                    .call("subscriber.add", new RpcParams(List.of("alice@" + DOMAIN, "wonderland")));
            String target = "sip:bob@127.0.0.1:" + fixture.udpPort();
            Request message = alice.newRequest("MESSAGE", target, "<sip:alice@" + DOMAIN + ">", "<" + target + ">");
            Response challenge = alice.awaitFinalResponse(alice.send(message), Duration.ofSeconds(5));
            assertEquals(407, challenge.getStatusCode());
            assertEquals("Proxy Authentication Required", challenge.getReasonPhrase());
            WWWAuthenticateHeader offer = (WWWAuthenticateHeader) challenge.getHeader("Proxy-Authenticate");
            assertEquals(DOMAIN, offer.getRealm(), "the realm is the From domain ($fd)");

            Request retry = alice.newRequest("MESSAGE", target, "<sip:alice@" + DOMAIN + ">", "<" + target + ">");
            retry.addHeader(digest(retry, offer, "alice", "wonderland"));
            ClientTransaction sent = alice.send(retry);
            RequestEvent in = bob.awaitRequest("MESSAGE", Duration.ofSeconds(5));
            assertFalse(in.getRequest().getHeaders("Proxy-Authorization").hasNext(), "consume_credentials()");
            bob.respond(in, 200);
            assertEquals(200, alice.awaitFinalResponse(sent, Duration.ofSeconds(5)).getStatusCode());

            // to a foreign domain (bob's own address), sent through this server as outbound proxy
            Request out = viaServer(alice.newRequest("MESSAGE", bob.uri("bob"), "<sip:alice@" + DOMAIN + ">",
                    "<" + bob.uri("bob") + ">"));
            Response again = alice.awaitFinalResponse(alice.send(out), Duration.ofSeconds(5));
            assertEquals(407, again.getStatusCode());
            Request outWithCredentials = viaServer(alice.newRequest("MESSAGE", bob.uri("bob"),
                    "<sip:alice@" + DOMAIN + ">", "<" + bob.uri("bob") + ">"));
            outWithCredentials.addHeader(digest(outWithCredentials,
                    (WWWAuthenticateHeader) again.getHeader("Proxy-Authenticate"), "alice", "wonderland"));
            ClientTransaction outgoing = alice.send(outWithCredentials);
            RequestEvent foreign = bob.awaitRequest("MESSAGE", Duration.ofSeconds(5));
            assertEquals("outbound", ((javax.sip.header.ExtensionHeader) foreign.getRequest().getHeader("P-Hint"))
                    .getValue().strip(), "SIPOUT marks a request for a foreign domain");
            bob.respond(foreign, 200);
            assertEquals(200, alice.awaitFinalResponse(outgoing, Duration.ofSeconds(5)).getStatusCode());
        }
        assertReply(403, "Not relaying", raw.send(request("MESSAGE", "sip:bob@192.0.2.1", "")));
    }

    /** Adds a Route to this server, so the request goes through it whatever its Request-URI. */
    private Request viaServer(Request r) throws Exception {
        r.addFirst(SipFactory.getInstance().createHeaderFactory().createHeader("Route",
                "<sip:127.0.0.1:" + fixture.udpPort() + ";lr>"));
        return r;
    }

    /** A Proxy-Authorization answering an MD5 challenge without qop (RFC 2617, RFC 2069 form). */
    private static javax.sip.header.Header digest(Request r, WWWAuthenticateHeader challenge, String user,
            String password) throws Exception {
        String uri = r.getRequestURI().toString();
        String ha1 = md5(user + ":" + challenge.getRealm() + ":" + password);
        String response = md5(ha1 + ":" + challenge.getNonce() + ":" + md5(r.getMethod() + ":" + uri));
        return SipFactory.getInstance().createHeaderFactory().createHeader("Proxy-Authorization",
                "Digest username=\"" + user + "\", realm=\"" + challenge.getRealm() + "\", nonce=\""
                        + challenge.getNonce() + "\", uri=\"" + uri + "\", response=\"" + response + "\"");
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    // --- helpers -------------------------------------------------------------------------------

    private String server() {
        return "127.0.0.1:" + fixture.udpPort();
    }

    /** A request from the raw client: To = Request-URI, fresh Call-ID and branch, Max-Forwards 70. */
    private String request(String method, String requestUri, String extraHeaders) {
        return method + " " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + raw.port() + ";branch=z9hG4bK" + UUID.randomUUID().toString()
                        .replace("-", "") + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:carol@127.0.0.1:" + raw.port() + ">;tag=caller\r\n"
                + "To: <" + requestUri + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@test\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:carol@127.0.0.1:" + raw.port() + ">\r\n" // JAIN-SIP drops an INVITE without one
                + extraHeaders
                + "Content-Length: 0\r\n\r\n";
    }

    private static int maxForwards(RequestEvent received) {
        return ((MaxForwardsHeader) received.getRequest().getHeader(MaxForwardsHeader.NAME)).getMaxForwards();
    }

    private static void assertReply(int status, String reason, Reply reply) {
        assertEquals(status + " " + reason, reply.status() + " " + reply.reason(), reply.text());
    }
}
