package io.sipcontainer.apps.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.TelURL;
import jakarta.servlet.sip.URI;

import io.sipcontainer.service.DigestAuth;

/**
 * The {@code request_route} of Kamailio's default configuration, in its order, as a decision on
 * one request: REQINIT (scanners, Max-Forwards, keepalive, sanity), CANCEL, WITHINDLG, AUTH,
 * record-routing, SIPOUT, PRESENCE, the missing-user check and LOCATION. It decides and does not
 * send anything; its only side effect is {@code consume_credentials()} on an authenticated request.
 *
 * <p>What the container does for Kamailio's script: it answers and relays CANCEL, absorbs
 * retransmissions, routes the in-dialog requests of dialogs it record-routed, and pops its own
 * Route header. The REGISTRAR step is not here: the application router gives REGISTER to the
 * registrar application. A REGISTER that reaches this route anyway goes on as in Kamailio's flow
 * without that step (no user: 484; a user: located and relayed like any other request).
 */
final class RequestRoute {

    private final ProxySettings settings;
    private final Myself myself;
    private final DigestAuth auth;
    private final ContactDirectory directory;
    private final MaxForwards maxForwards;
    private final SanityCheck sanity;

    /**
     * @param auth      the digest authentication service, or null to run without authentication
     * @param directory where local users' contacts are found
     */
    RequestRoute(ProxySettings settings, Myself myself, DigestAuth auth, ContactDirectory directory) {
        this.settings = settings;
        this.myself = myself;
        this.auth = auth;
        this.directory = directory;
        this.maxForwards = new MaxForwards(settings.maxForwards(), settings.maxLimit());
        this.sanity = new SanityCheck(settings.sanityChecks(), settings.uriChecks(), settings.proxyRequire());
    }

    /** What to do with {@code req}. */
    Outcome route(SipServletRequest req) {
        String method = req.getMethod();
        boolean ack = "ACK".equals(method);
        // REQINIT
        if (isScanner(req.getHeader("User-Agent"))) {
            return Outcome.DROP;
        }
        int forwards = maxForwards.forwarded(req.getHeader("Max-Forwards"));
        if (forwards == MaxForwards.TOO_MANY_HOPS) {
            return reply(ack, Reply.TOO_MANY_HOPS);
        }
        URI ruri = requestUri(req);
        if ("OPTIONS".equals(method) && myself.is(ruri) && user(ruri) == null) {
            return reply(false, Reply.KEEPALIVE);
        }
        Outcome insane = sanity.check(req);
        if (insane != null) {
            return insane;
        }
        if ("CANCEL".equals(method)) {
            return Outcome.DROP; // the container answered it and cancelled the INVITE's branches
        }
        if (ruri == null) {
            return reply(ack, new Reply(400, "Bad Request URI")); // reached only with the sanity checks off
        }
        if (hasToTag(req)) {
            return withinDialog(req, method, ruri, forwards);
        }
        if (ack) {
            return Outcome.DROP; // an ACK outside any dialog or transaction
        }
        DispatchRule rule = dispatchRule(ruri);
        Outcome refused = authorize(req, method, ruri, rule != null);
        if (refused != null) {
            return refused;
        }
        // remove_hf("Route") is the container's: its own Route is popped before the request gets here
        boolean recordRoute = "INVITE".equals(method) || "SUBSCRIBE".equals(method);
        if (rule != null) { // DISPATCH, as in Kamailio's README dispatcher configuration
            return new Outcome.Dispatch(rule, recordRoute, forwards);
        }
        if (!myself.is(ruri)) { // SIPOUT
            return new Outcome.Relay(List.of(List.of(RelayTarget.of(ruri.toString()))), recordRoute, true, forwards);
        }
        Outcome presence = presence(req, method, ruri);
        if (presence != null) {
            return presence;
        }
        String user = user(ruri);
        if (user == null) {
            return reply(false, Reply.ADDRESS_INCOMPLETE);
        }
        return location(method, user, ((SipURI) ruri).getHost(), recordRoute, forwards);
    }

    private boolean isScanner(String userAgent) {
        return userAgent != null && settings.scannerUserAgents() != null
                && settings.scannerUserAgents().matcher(userAgent).find();
    }

    /** WITHINDLG: a request with a To tag that the container did not route as part of a dialog of its own. */
    private Outcome withinDialog(SipServletRequest req, String method, URI ruri, int forwards) {
        if (req.getPoppedRoute() != null || req.getHeader("Route") != null) {
            // loose_route(): a Route to follow, or ours was popped; RFC 6665 asks to record-route NOTIFY
            return new Outcome.Relay(List.of(List.of(RelayTarget.of(ruri.toString()))), "NOTIFY".equals(method), false,
                    forwards);
        }
        if ("SUBSCRIBE".equals(method) && myself.is(ruri)) {
            Outcome presence = presence(req, method, ruri);
            return presence != null ? presence : Outcome.DROP;
        }
        if ("ACK".equals(method)) {
            return Outcome.DROP; // no transaction to match: an ACK to a 2xx that is not ours
        }
        return reply(false, Reply.NOT_HERE);
    }

    /** The first {@code proxy.dispatch} rule the Request-URI matches, or null. */
    private DispatchRule dispatchRule(URI ruri) {
        if (settings.dispatch().isEmpty()) {
            return null;
        }
        String host = ruri instanceof SipURI sip ? sip.getHost() : null;
        String user = user(ruri);
        for (DispatchRule rule : settings.dispatch()) {
            if (rule.matches(user, host)) {
                return rule;
            }
        }
        return null;
    }

    /**
     * AUTH: who may use this server, with the digest service when the container provides one. A
     * request for a dispatched destination counts as one for this server: the rule makes its
     * domain (or numbers) ours to route.
     */
    private Outcome authorize(SipServletRequest req, String method, URI ruri, boolean dispatched) {
        boolean toLocal = dispatched || myself.is(ruri);
        if (auth == null) {
            return toLocal ? null : reply(false, Reply.NOT_RELAYING);
        }
        URI from = req.getFrom().getURI();
        boolean fromLocal = myself.is(from);
        boolean register = "REGISTER".equals(method);
        if (register || fromLocal) {
            String realm = from instanceof SipURI sip && sip.getHost() != null ? sip.getHost() : "";
            DigestAuth.Result result = auth.check(req, realm, true);
            if (result != DigestAuth.Result.OK) {
                return new Outcome.Challenge(realm, result);
            }
            if (!register && !"PUBLISH".equals(method)) {
                auth.consumeCredentials(req);
            }
        }
        if (!fromLocal && !toLocal) {
            return reply(false, Reply.NOT_RELAYING);
        }
        return null;
    }

    /** PRESENCE without a presence server: only voicemail subscriptions and PUBLISH are answered. */
    private static Outcome presence(SipServletRequest req, String method, URI ruri) {
        boolean subscribe = "SUBSCRIBE".equals(method);
        boolean publish = "PUBLISH".equals(method);
        if (!subscribe && !publish) {
            return null;
        }
        if (subscribe && "message-summary".equals(req.getHeader("Event"))) {
            return reply(false, Reply.NO_VOICEMAIL);
        }
        if (publish || user(ruri) == null) {
            return reply(false, Reply.NOT_HERE);
        }
        return null;
    }

    /** LOCATION: the user's contacts, or 404 / 405 when there is none to use. */
    private Outcome location(String method, String user, String host, boolean recordRoute, int forwards) {
        List<RelayTarget> found = directory.lookup(settings.caseSensitive() ? user : user.toLowerCase(Locale.ROOT), host);
        if (found.isEmpty()) {
            return reply(false, Reply.NOT_FOUND);
        }
        List<RelayTarget> usable = found;
        if (settings.methodFiltering()) {
            usable = new ArrayList<>(found.size());
            for (RelayTarget b : found) {
                if (b.accepts().test(method)) {
                    usable.add(b);
                }
            }
            if (usable.isEmpty()) {
                return reply(false, Reply.METHOD_NOT_ALLOWED);
            }
        }
        return new Outcome.Relay(groups(usable, settings.serialForking()), recordRoute, false, forwards);
    }

    /**
     * The bindings split into groups of equal q, highest first ({@code t_load_contacts}), or one
     * group of all when forking is not serial. Bindings keep their order within a group.
     */
    static List<List<RelayTarget>> groups(List<RelayTarget> bindings, boolean serial) {
        List<RelayTarget> sorted = new ArrayList<>(bindings);
        if (!serial) {
            return List.of(List.copyOf(sorted));
        }
        sorted.sort(ContactDirectory.BY_Q);
        List<List<RelayTarget>> groups = new ArrayList<>();
        List<RelayTarget> current = new ArrayList<>();
        for (RelayTarget b : sorted) {
            if (!current.isEmpty() && Float.compare(current.get(0).q(), b.q()) != 0) {
                groups.add(List.copyOf(current));
                current.clear();
            }
            current.add(b);
        }
        groups.add(List.copyOf(current));
        return List.copyOf(groups);
    }

    private static Outcome reply(boolean ack, Reply reply) {
        return ack ? Outcome.DROP : new Outcome.Respond(reply);
    }

    private static URI requestUri(SipServletRequest req) {
        try {
            return req.getRequestURI();
        } catch (RuntimeException unparsable) {
            return null;
        }
    }

    private static boolean hasToTag(SipServletRequest req) {
        Address to = req.getTo();
        return to != null && to.getParameter("tag") != null;
    }

    /** Kamailio's {@code $rU}: the user of a SIP URI or the number of a tel URL; null when there is none. */
    static String user(URI uri) {
        if (uri instanceof SipURI sip) {
            String user = sip.getUser();
            return user == null || user.isEmpty() ? null : user;
        }
        if (uri instanceof TelURL tel) {
            return tel.getPhoneNumber();
        }
        return null;
    }
}
