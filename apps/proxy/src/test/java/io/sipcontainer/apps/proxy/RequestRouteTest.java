package io.sipcontainer.apps.proxy;

import static io.sipcontainer.apps.proxy.SanityCheckTest.assertReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jakarta.servlet.sip.SipServletRequest;

import io.sipcontainer.message.AddressParser;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.service.DigestAuth;

/** The default configuration's request route, step by step, on real parsed requests. */
class RequestRouteTest {
    private static final String ME = TestMessages.HOST;
    private static final String BOB = "sip:bob@" + ME;
    private static final String MF = "Max-Forwards: 70\n";

    private final TestMessages messages = new TestMessages();
    /** This server is 192.0.2.10:5060 and the alias example.com (any port). */
    private final Myself myself = new Myself((host, port, secure) -> (ME.equals(host) && (port <= 0 || port == 5060))
            || "example.com".equalsIgnoreCase(host));
    private final StaticLocation table = StaticLocation.parse(
            "bob=sip:bob@198.51.100.20:5062;q=1.0 bob=sip:bob@198.51.100.21:5062;q=0.5 "
                    + "bob=sip:bob@198.51.100.22;q=0.5");

    private RequestRoute route(ProxySettings settings, DigestAuth auth, ContactDirectory directory) {
        return new RequestRoute(settings, myself, auth, directory);
    }

    private Outcome route(SipServletRequest req) {
        return route(ProxySettings.defaults(), null, table).route(req);
    }

    // --- REQINIT -----------------------------------------------------------------------------

    @Test
    void scannersAreDroppedWhateverTheyAsk() {
        assertSame(Outcome.DROP,
                route(messages.request("OPTIONS", "sip:" + ME, MF + "User-Agent: FRIENDLY-SCANNER\n")));
        assertSame(Outcome.DROP,
                route(messages.request("INVITE", BOB, "Max-Forwards: 0\nUser-Agent: sipvicious 0.3\n")));
    }

    @Test
    void maxForwardsZeroIsTooManyHopsBeforeAnythingElse() {
        assertReply(483, "Too Many Hops", route(messages.request("OPTIONS", "sip:" + ME, "Max-Forwards: 0\n")));
        assertReply(483, "Too Many Hops",
                route(messages.request("INVITE", "sip:bob@203.0.113.9", "Max-Forwards: 0\n")));
        assertSame(Outcome.DROP, route(messages.request("ACK", BOB, "Max-Forwards: 0\n")), "an ACK is never answered");
    }

    @Test
    void optionsToTheServerItselfIsAKeepalive() {
        assertReply(200, "Keepalive", route(messages.request("OPTIONS", "sip:" + ME, MF)));
        assertReply(200, "Keepalive", route(messages.request("OPTIONS", "sip:example.com:5080", MF)));
        assertReply(404, "Not Found", route(messages.request("OPTIONS", "sip:nobody@" + ME, MF)),
                "with a user it is routed like any request");
        assertReply(200, "Keepalive", route(messages.receive(TestMessages.text("OPTIONS", "sip:" + ME, MF, "")
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INFO"))), "the keepalive answer comes before the sanity check");
    }

    @Test
    void malformedRequestsGetTheSanityReply() {
        SipServletRequest mismatch = messages.receive(TestMessages.text("INVITE", BOB, MF, "")
                .replace("CSeq: 1 INVITE", "CSeq: 1 BYE"));
        assertReply(400, "CSeq method does not match request method", route(mismatch));
    }

    @Test
    void cancelIsLeftToTheContainer() {
        assertSame(Outcome.DROP, route(messages.request("CANCEL", BOB, MF)));
    }

    // --- WITHINDLG ---------------------------------------------------------------------------

    @Test
    void inDialogRequestsWithoutARouteAreNotHere() {
        assertReply(404, "Not here", route(inDialog("BYE", BOB, MF)));
        assertReply(404, "Not here", route(inDialog("INFO", "sip:bob@203.0.113.9", MF)));
        assertSame(Outcome.DROP, route(inDialog("ACK", BOB, MF)), "an ACK without transaction is discarded");
    }

    @Test
    void inDialogRequestsWithARouteFollowIt() throws Exception {
        Outcome.Relay bye = relay(route(inDialog("BYE", "sip:bob@203.0.113.9", MF + "Route: <sip:203.0.113.1;lr>\n")));
        assertEquals("sip:bob@203.0.113.9", bye.groups().get(0).get(0).uri());
        assertFalse(bye.recordRoute());
        assertFalse(bye.outboundHint());
        assertEquals(69, bye.maxForwards());
        assertTrue(relay(route(inDialog("NOTIFY", BOB, MF + "Route: <sip:203.0.113.1;lr>\n"))).recordRoute(),
                "RFC 6665: in-dialog NOTIFY is record-routed");
        SipServletRequestImpl popped = inDialog("BYE", "sip:bob@203.0.113.9", MF);
        popped.setPoppedRoute(AddressParser.parse("<sip:" + ME + ";lr>"));
        assertEquals(1, relay(route(popped)).groups().size(), "our own Route was popped: loose_route() is true");
    }

    @Test
    void inDialogSubscribeToTheServerGoesToPresence() {
        assertReply(404, "No voicemail service",
                route(inDialog("SUBSCRIBE", BOB, MF + "Event: message-summary\n")));
        assertReply(404, "Not here", route(inDialog("SUBSCRIBE", "sip:" + ME, MF + "Event: presence\n")));
        assertSame(Outcome.DROP, route(inDialog("SUBSCRIBE", BOB, MF + "Event: presence\n")),
                "with a user and no presence server Kamailio exits without a reply");
    }

    // --- AUTH, SIPOUT ------------------------------------------------------------------------

    @Test
    void withoutAuthenticationNothingIsRelayedToForeignDomains() {
        assertReply(403, "Not relaying", route(messages.request("INVITE", "sip:bob@203.0.113.9", MF)));
        assertReply(403, "Not relaying", route(messages.request("MESSAGE", "sip:bob@" + ME + ":5070", MF)),
                "another port is another server");
        assertReply(403, "Not relaying", route(messages.request("INVITE", "tel:+15551234", MF)));
        assertReply(403, "Not relaying", route(messages.request("REGISTER", "sip:203.0.113.9", MF)));
    }

    @Test
    void localCallersAreAuthenticatedAndChallengedForTheirDomain() {
        RecordingAuth auth = new RecordingAuth(DigestAuth.Result.NO_CREDENTIALS);
        RequestRoute withAuth = route(ProxySettings.defaults(), auth, table);
        SipServletRequest invite = fromLocal("INVITE", "sip:bob@203.0.113.9");
        Outcome o = withAuth.route(invite);
        assertTrue(o instanceof Outcome.Challenge, "got " + o);
        assertEquals("example.com", ((Outcome.Challenge) o).realm(), "the realm is the From domain");
        assertEquals(DigestAuth.Result.NO_CREDENTIALS, ((Outcome.Challenge) o).lastCheck());
        assertEquals(List.of("check example.com identity=true"), auth.calls);

        SipServletRequest register = messages.request("REGISTER", "sip:" + ME, MF);
        assertTrue(withAuth.route(register) instanceof Outcome.Challenge, "REGISTER is always authenticated");
    }

    @Test
    void authenticatedLocalCallersMayCallOutAndLoseTheirCredentials() {
        RecordingAuth auth = new RecordingAuth(DigestAuth.Result.OK);
        RequestRoute withAuth = route(ProxySettings.defaults(), auth, table);
        Outcome.Relay out = relay(withAuth.route(fromLocal("INVITE", "sip:bob@203.0.113.9")));
        assertEquals("sip:bob@203.0.113.9", out.groups().get(0).get(0).uri());
        assertTrue(out.outboundHint(), "SIPOUT adds P-Hint: outbound");
        assertTrue(out.recordRoute());
        assertEquals(List.of("check example.com identity=true", "consume"), auth.calls);

        auth.calls.clear();
        relay(withAuth.route(fromLocalWithUser("PUBLISH", "sip:bob@203.0.113.9")));
        assertEquals(List.of("check example.com identity=true"), auth.calls, "PUBLISH keeps its credentials");
    }

    @Test
    void withAuthenticationForeignCallersReachOnlyLocalUsers() {
        RecordingAuth auth = new RecordingAuth(DigestAuth.Result.OK);
        RequestRoute withAuth = route(ProxySettings.defaults(), auth, table);
        assertReply(403, "Not relaying", withAuth.route(messages.request("INVITE", "sip:bob@203.0.113.9", MF)));
        Outcome.Relay in = relay(withAuth.route(messages.request("INVITE", BOB, MF)));
        assertFalse(in.outboundHint());
        assertTrue(auth.calls.isEmpty(), "a foreign caller is not asked for credentials: " + auth.calls);
    }

    // --- local requests ----------------------------------------------------------------------

    @Test
    void presenceRequestsWithoutAPresenceServer() {
        assertReply(404, "Not here", route(messages.request("PUBLISH", BOB, MF + "Event: presence\n")));
        assertReply(404, "Not here", route(messages.request("SUBSCRIBE", "sip:" + ME, MF + "Event: presence\n")));
        assertReply(404, "No voicemail service",
                route(messages.request("SUBSCRIBE", BOB, MF + "Event: message-summary\n")));
        assertTrue(route(messages.request("SUBSCRIBE", BOB, MF + "Event: presence\n")) instanceof Outcome.Relay,
                "a SUBSCRIBE to a user is located like a call");
    }

    @Test
    void requestsWithoutUserAreAddressIncomplete() {
        assertReply(484, "Address Incomplete", route(messages.request("INVITE", "sip:" + ME, MF)));
        assertReply(484, "Address Incomplete", route(messages.request("REGISTER", "sip:" + ME, MF)),
                "a REGISTER that reaches the proxy follows the flow without the REGISTRAR step");
    }

    @Test
    void unknownUsersAreNotFound() {
        assertReply(404, "Not Found", route(messages.request("INVITE", "sip:nobody@" + ME, MF)));
        assertReply(404, "Not Found", route(messages.request("MESSAGE", "sip:nobody@example.com", MF)));
    }

    @Test
    void knownUsersAreRelayedToTheirContactsInQGroups() {
        Outcome.Relay call = relay(route(messages.request("INVITE", BOB, "")));
        assertEquals(2, call.groups().size());
        assertEquals(List.of("sip:bob@198.51.100.20:5062"), uris(call.groups().get(0)));
        assertEquals(List.of("sip:bob@198.51.100.21:5062", "sip:bob@198.51.100.22"), uris(call.groups().get(1)));
        assertTrue(call.recordRoute());
        assertEquals(10, call.maxForwards(), "a missing Max-Forwards goes on as 10");
        ProxySettings parallel = new ProxySettings(10, 70, 17895, 7, Set.of(), null, 30_000, 120_000, false, true,
                true, table, List.of(), java.util.regex.Pattern.compile(ProxySettings.DEFAULT_DISPATCH_FAILOVER));
        Outcome.Relay all = relay(route(parallel, null, table).route(messages.request("MESSAGE", BOB, MF)));
        assertEquals(1, all.groups().size());
    }

    @Test
    void contactsThatDoNotAllowTheMethodGive405() {
        ContactDirectory inviteOnly = (user, host) -> List.of(new RelayTarget("sip:bob@198.51.100.20", 1f, null, List.of(),
                "INVITE"::equals));
        assertReply(405, "Method Not Allowed",
                route(ProxySettings.defaults(), null, inviteOnly).route(messages.request("MESSAGE", BOB, MF)));
        assertTrue(route(ProxySettings.defaults(), null, inviteOnly).route(messages.request("INVITE", BOB, MF))
                instanceof Outcome.Relay);
        ProxySettings unfiltered = new ProxySettings(10, 70, 17895, 7, Set.of(), null, 30_000, 120_000, true, false,
                true, table, List.of(), java.util.regex.Pattern.compile(ProxySettings.DEFAULT_DISPATCH_FAILOVER));
        assertTrue(route(unfiltered, null, inviteOnly).route(messages.request("MESSAGE", BOB, MF))
                instanceof Outcome.Relay, "method_filtering off");
    }

    @Test
    void usersAreLookedUpLowerCasedWhenTheRegistrarIgnoresCase() {
        List<String> asked = new ArrayList<>();
        ContactDirectory recording = (user, host) -> {
            asked.add(user + "@" + host);
            return List.of();
        };
        ProxySettings caseless = new ProxySettings(10, 70, 17895, 7, Set.of(), null, 30_000, 120_000, true, true,
                false, table, List.of(), java.util.regex.Pattern.compile(ProxySettings.DEFAULT_DISPATCH_FAILOVER));
        route(caseless, null, recording).route(messages.request("INVITE", "sip:Bob@" + ME, MF));
        route(ProxySettings.defaults(), null, recording).route(messages.request("INVITE", "sip:Bob@" + ME, MF));
        assertEquals(List.of("bob@" + ME, "Bob@" + ME), asked);
    }

    @Test
    void groupsFollowQDescendingAndKeepOrderWithinAGroup() {
        RelayTarget a = new RelayTarget("sip:a@h", 0.5f, null, List.of(), null);
        RelayTarget b = new RelayTarget("sip:b@h", 1f, null, List.of(), null);
        RelayTarget c = new RelayTarget("sip:c@h", 0.5f, null, List.of(), null);
        RelayTarget d = new RelayTarget("sip:d@h", RelayTarget.Q_UNSPECIFIED, null, List.of(), null);
        List<List<RelayTarget>> groups = RequestRoute.groups(List.of(a, b, c, d), true);
        assertEquals(List.of(List.of(b), List.of(a, c), List.of(d)), groups);
        assertEquals(List.of(List.of(a, b, c, d)), RequestRoute.groups(List.of(a, b, c, d), false));
    }

    // --- helpers -----------------------------------------------------------------------------

    private SipServletRequestImpl inDialog(String method, String ruri, String headers) {
        return messages.receive(TestMessages.text(method, ruri, headers, "").replace("To: <" + ruri + ">",
                "To: <" + ruri + ">;tag=callee-tag"));
    }

    private SipServletRequest fromLocal(String method, String ruri) {
        return messages.receive(TestMessages.text(method, ruri, MF, "")
                .replace("From: <sip:carol@198.51.100.7>", "From: <sip:carol@example.com>"));
    }

    private SipServletRequest fromLocalWithUser(String method, String ruri) {
        return fromLocal(method, ruri);
    }

    private static Outcome.Relay relay(Outcome o) {
        assertTrue(o instanceof Outcome.Relay, "expected a relay, got " + o);
        return (Outcome.Relay) o;
    }

    private static List<String> uris(List<RelayTarget> group) {
        return group.stream().map(RelayTarget::uri).toList();
    }

    /** A digest service that answers every check with one result and records what it was asked. */
    static final class RecordingAuth implements DigestAuth {
        final List<String> calls = new ArrayList<>();
        private final Result result;

        RecordingAuth(Result result) {
            this.result = result;
        }

        @Override
        public Result check(SipServletRequest request, String realm, boolean checkIdentity) {
            calls.add("check " + realm + " identity=" + checkIdentity);
            return result;
        }

        @Override
        public void challenge(SipServletRequest request, String realm, Result lastCheck) {
            calls.add("challenge " + realm);
        }

        @Override
        public void consumeCredentials(SipServletRequest request) {
            calls.add("consume");
        }
    }

    private static ProxySettings dispatching(String rules) {
        ProxySettings d = ProxySettings.defaults();
        return new ProxySettings(d.maxForwards(), d.maxLimit(), d.sanityChecks(), d.uriChecks(), d.proxyRequire(),
                d.scannerUserAgents(), d.frTimerMillis(), d.frInvTimerMillis(), d.serialForking(), d.methodFiltering(),
                d.caseSensitive(), d.staticLocation(), DispatchRule.parse(rules), d.dispatchFailover());
    }

    @Test
    void aRequestMatchingADispatchRuleGoesToItsSetInsteadOfTheLocation() {
        RequestRoute r = route(dispatching("set=1 alg=4 user=^9[0-9]+$ ; set=2 alg=0 limit=2 domain=media.example.com"),
                null, table);
        Outcome.Dispatch numbers = (Outcome.Dispatch) r.route(messages.request("INVITE", "sip:9123@" + ME, MF));
        assertEquals(1, numbers.rule().setId());
        assertEquals(4, numbers.rule().algorithm());
        assertTrue(numbers.recordRoute());
        assertEquals(69, numbers.maxForwards());
        Outcome.Dispatch media = (Outcome.Dispatch) r.route(messages.request("MESSAGE", "sip:conf@Media.Example.com", MF));
        assertEquals(2, media.rule().setId());
        assertEquals(2, media.rule().limit());
        assertFalse(media.recordRoute());
        assertTrue(r.route(messages.request("INVITE", BOB, MF)) instanceof Outcome.Relay, "bob is looked up");
        assertReply(403, "Not relaying", r.route(messages.request("INVITE", "sip:bob@203.0.113.9", MF)));
        assertTrue(r.route(messages.request("INVITE", "sip:9123@203.0.113.9", MF)) instanceof Outcome.Dispatch,
                "a rule without domain matches the user at any host");
    }

    @Test
    void dispatchRulesAreCheckedWhenRead() {
        assertEquals(List.of(), DispatchRule.parse(" "));
        DispatchRule all = DispatchRule.parse("set=3 alg=8").get(0);
        assertTrue(all.matches(null, "anything"));
        assertThrows(IllegalArgumentException.class, () -> DispatchRule.parse("alg=4"));
        assertThrows(IllegalArgumentException.class, () -> DispatchRule.parse("set=1 alg=14"));
        assertThrows(IllegalArgumentException.class, () -> DispatchRule.parse("set=1 alg=4 user=(open"));
        assertThrows(IllegalArgumentException.class, () -> DispatchRule.parse("set=1 alg=4 colour=red"));
        assertThrows(IllegalArgumentException.class, () -> DispatchRule.parse("set=x alg=4"));
    }
}
