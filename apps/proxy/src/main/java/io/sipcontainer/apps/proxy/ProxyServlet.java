package io.sipcontainer.apps.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.ProxyBranch;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.TooManyHopsException;
import jakarta.servlet.sip.URI;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.DialogService;
import io.sipcontainer.service.DigestAuth;
import io.sipcontainer.service.DispatcherService;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.MediaRelayService;
import io.sipcontainer.service.NatService;
import io.sipcontainer.service.ServerInfo;
import io.sipcontainer.service.Services;

/**
 * Kamailio's default configuration as a proxy servlet: every initial request (which here includes
 * an in-dialog request of a dialog this server does not route) goes through {@link RequestRoute},
 * and the decision is carried out with the SIP Servlet API: a local reply, silence, a digest
 * challenge, or a stateful, supervised proxy operation, record-routed for INVITE and SUBSCRIBE.
 * The best negative response of a proxy operation comes back as
 * {@code failure_route[MANAGE_FAILURE]}, where a serial fork tries its next q group.
 *
 * <p>The container's proxy does tm's share: 100 Trying, CANCEL, timeouts, best-response choice,
 * challenge merging, 503 to 500, and the routing of in-dialog requests of record-routed dialogs
 * (shown to this servlet as subsequent requests, which it leaves alone).
 *
 * <p>With {@code proxy.dlg_manage} (on by default) every relayed INVITE is tracked by the
 * container's {@link DialogService}, as Kamailio's default configuration would with
 * {@code dlg_manage()}: the servlet hands it the INVITE, the responses it relays (a negative one
 * only once no further q group is tried) and the in-dialog requests, so {@code dlg.list} and the
 * console show the calls up.
 */
@jakarta.servlet.sip.annotation.SipServlet(name = "proxy", loadOnStartup = 1)
public class ProxyServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    /** Request attribute: the q groups not tried yet, for serial forking. */
    static final String PENDING_GROUPS = "io.sipcontainer.apps.proxy.pendingGroups";
    /** Request attribute: the dispatcher destinations not tried yet, for failover. */
    static final String PENDING_DESTINATIONS = "io.sipcontainer.apps.proxy.pendingDestinations";

    private transient ProxySettings settings;
    private transient RequestRoute route;
    private transient DigestAuth auth;
    private transient SipFactory factory;
    private transient DispatcherService dispatcher;
    private transient DispatcherProbes probes;
    private transient DispatchRelay dispatching;
    /** The dialog tracking, or null when off ({@code proxy.dlg_manage = no}) or not provided. */
    private transient DialogService dialogs;
    private transient DialogTracking tracking;
    /** rtpengine_manage; off without a media relay. */
    private transient MediaRelaying media;
    /** The WITH_NAT routes; off without the container's NAT service or with proxy.with_nat = no. */
    private transient NatManaging nat;

    @Override
    public void init() throws ServletException {
        ServletContext context = getServletContext();
        ServerInfo info = Services.get(context, ServerInfo.class);
        try {
            settings = ProxySettings.read(info.moduleParams(ProxySettings.MODULE),
                    info.moduleParams(ProxySettings.REGISTRAR));
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        ContactDirectory directory = Services.find(context, LocationService.class)
                .<ContactDirectory>map(LocationDirectory::new).orElse(ContactDirectory.empty());
        if (!settings.staticLocation().isEmpty()) {
            directory = directory.and(settings.staticLocation());
        }
        auth = Services.find(context, DigestAuth.class).orElse(null);
        try {
            tracking = DialogTracking.read(info.moduleParams(ProxySettings.MODULE));
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        try {
            media = MediaRelaying.read(info.moduleParams(ProxySettings.MODULE),
                    Services.find(context, MediaRelayService.class).orElse(null));
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        try {
            nat = NatManaging.read(info.moduleParams(ProxySettings.MODULE),
                    Services.find(context, NatService.class).orElse(null));
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        if (nat.isOn()) {
            media = media.withSourceAddressWhen(nat::privateSdp);
        }
        dialogs = tracking.manage() ? Services.find(context, DialogService.class).orElse(null) : null;
        factory = (SipFactory) context.getAttribute(SIP_FACTORY);
        route = new RequestRoute(settings, new Myself(info::isMyself), auth, directory);
        dispatcher = Services.find(context, DispatcherService.class).orElse(null);
        dispatching = new DispatchRelay(dispatcher, settings, this::start, this::log);
        if (dispatcher != null) {
            // the dispatcher's OPTIONS probes go out from here; unanswered within fr_timer they count as 408
            probes = new DispatcherProbes(factory, this::log);
            dispatcher.prober(probes, java.time.Duration.ofMillis(settings.frTimerMillis()));
        }
        boolean located = Services.find(context, LocationService.class).isPresent();
        log("routing with " + (auth == null ? "no authentication" : "digest authentication") + ", "
                + (located ? "the location service" : "no location service") + ", "
                + settings.staticLocation().size() + " static contact(s) and "
                + (media.isOn() ? "media relay" : "no media relay") + ", "
                + (nat.isOn() ? "NAT traversal" : "no NAT traversal"));
    }

    @Override
    public void destroy() {
        if (dispatcher != null) {
            dispatcher.prober(null, null);
        }
        super.destroy();
    }

    /** Settings as read at start-up, for tests. */
    ProxySettings settings() {
        return settings;
    }

    @Override
    protected void doRequest(SipServletRequest req) throws ServletException, IOException {
        if (!req.isInitial()) {
            // a CANCEL (answered, branches cancelled) or an in-dialog request the container routes
            if (dispatcher != null && ("BYE".equals(req.getMethod()) || "CANCEL".equals(req.getMethod()))) {
                dispatcher.callEnded(req.getCallId()); // ds_load_update: the call no longer loads its destination
            }
            if (dialogs != null) {
                dialogs.onRequest(req);
            }
            media.onRequest(req); // offer (re-INVITE), answer (ACK of a late offer), delete (BYE, CANCEL)
            nat.onInDialogRequest(req); // route[DLGURI]: handle_ruri_alias
            return;
        }
        if (probes != null && probes.isOwn(req)) {
            relayProbe(req);
            return;
        }
        nat.onInitialRequest(req); // route[NATDETECT], before the branches copy the request
        Outcome outcome = route.route(req);
        if ((outcome instanceof Outcome.Relay || outcome instanceof Outcome.Dispatch) && "INVITE".equals(req.getMethod())) {
            media.onRequest(req); // the offer, before the branches copy the request
        }
        if (outcome instanceof Outcome.Relay relay) {
            relay(req, relay);
        } else if (outcome instanceof Outcome.Dispatch dispatch) {
            dispatch(req, dispatch);
        } else if (outcome instanceof Outcome.Respond respond) {
            respond(req, respond.reply(), respond.headers());
        } else if (outcome instanceof Outcome.Challenge challenge) {
            auth.challenge(req, challenge.realm(), challenge.lastCheck());
        } else {
            drop(req);
        }
    }

    // --- relaying ------------------------------------------------------------------------------

    private void relay(SipServletRequest req, Outcome.Relay plan) throws IOException {
        Proxy proxy;
        try {
            proxy = req.getProxy();
        } catch (TooManyHopsException e) {
            respond(req, Reply.TOO_MANY_HOPS, Map.of());
            return;
        }
        try {
            if (req.isInitial()) {
                proxy.setRecordRoute(plan.recordRoute());
            }
            if (dialogs != null && plan.recordRoute() && "INVITE".equals(req.getMethod())) {
                Dialog dialog = dialogs.manage(req);
                if (dialog != null && (tracking.keepaliveCaller() || tracking.keepaliveCallee())) {
                    dialogs.keepalive(dialog, tracking.keepaliveCaller(), tracking.keepaliveCallee());
                }
            }
            proxy.setParallel(true); // a q group forks in parallel; groups follow one another from the failure route
            proxy.setRecurse(false); // tm relays a 3xx upstream rather than following it
            proxy.setSupervised(true);
            proxy.setProxyTimeout(ProxySettings.seconds(
                    "INVITE".equals(req.getMethod()) ? settings.frInvTimerMillis() : settings.frTimerMillis()));
            List<List<RelayTarget>> groups = plan.groups();
            if (groups.size() > 1) {
                req.setAttribute(PENDING_GROUPS, new PendingGroups(groups.subList(1, groups.size()),
                        plan.outboundHint(), plan.maxForwards()));
            }
            start(proxy, groups.get(0), plan.outboundHint(), plan.maxForwards());
        } catch (IllegalArgumentException e) {
            log("cannot relay " + req.getMethod() + " to " + plan.groups().get(0) + ": " + e.getMessage());
            respondIfPossible(req, new Reply(479, "Regretfully, we were not able to process the URI"));
        } catch (IllegalStateException e) {
            log("cannot relay " + req.getMethod() + ": " + e.getMessage());
            respondIfPossible(req, Reply.RELAY_ERROR);
        }
    }

    /** Starts one group of branches: each target's request gets its route, Max-Forwards and hint. */
    private void start(Proxy proxy, List<RelayTarget> group, boolean outboundHint, int maxForwards) {
        start(proxy, group, outboundHint, maxForwards, 0);
    }

    /** As above; a positive {@code branchTimeout} (seconds) is the wait for any reply (fr_timer). */
    private void start(Proxy proxy, List<RelayTarget> group, boolean outboundHint, int maxForwards,
            int branchTimeout) {
        List<URI> targets = new ArrayList<>(group.size());
        for (RelayTarget b : group) {
            targets.add(uri(b.uri()));
        }
        List<ProxyBranch> branches = proxy.createProxyBranches(targets);
        for (int i = 0; i < branches.size(); i++) {
            prepare(branches.get(i).getRequest(), group.get(i), outboundHint, maxForwards);
            if (branchTimeout > 0 && branchTimeout < proxy.getProxyTimeout()) {
                branches.get(i).setProxyBranchTimeout(branchTimeout);
            }
        }
        proxy.startProxy();
    }

    // --- route[DISPATCH] -----------------------------------------------------------------------

    /**
     * One of this application's own probes, back from the application router (the shipped DAR
     * gives every OPTIONS to this application, including the ones it originates): relayed as it
     * is to its destination, without the checks of the request route, within fr_timer.
     */
    private void relayProbe(SipServletRequest req) throws IOException {
        try {
            Proxy proxy = req.getProxy();
            proxy.setRecordRoute(false);
            proxy.setSupervised(false);
            proxy.setProxyTimeout(ProxySettings.seconds(settings.frTimerMillis()));
            proxy.proxyTo(req.getRequestURI());
        } catch (TooManyHopsException | IllegalArgumentException | IllegalStateException e) {
            log("cannot relay the dispatcher probe to " + req.getRequestURI() + ": " + e.getMessage());
            respondIfPossible(req, Reply.RELAY_ERROR);
        }
    }

    /** {@code ds_select_dst} then {@code t_relay()}, or 404 No destination / 483 / 500 when it cannot. */
    private void dispatch(SipServletRequest req, Outcome.Dispatch plan) throws IOException {
        Reply refused;
        try {
            refused = dispatching.dispatch(req, plan);
        } catch (TooManyHopsException e) {
            refused = Reply.TOO_MANY_HOPS;
        } catch (IllegalArgumentException | IllegalStateException e) {
            log("cannot dispatch " + req.getMethod() + " to set " + plan.rule().setId() + ": " + e.getMessage());
            refused = Reply.RELAY_ERROR;
        }
        if (refused != null) {
            respondIfPossible(req, refused);
        }
    }

    private void prepare(SipServletRequest branch, RelayTarget target, boolean outboundHint, int maxForwards) {
        branch.setMaxForwards(maxForwards);
        // lookup()'s destination: the path towards the contact, or where its REGISTER came from
        List<String> path = target.path();
        for (int i = path.size() - 1; i >= 0; i--) {
            try {
                branch.pushRoute(factory.createAddress(path.get(i)));
            } catch (ServletParseException e) {
                throw new IllegalArgumentException("bad Path " + path.get(i) + ": " + e.getMessage(), e);
            }
        }
        if (path.isEmpty() && target.received() != null) {
            branch.pushRoute((SipURI) uri(target.received()));
        }
        nat.onBranch(branch, target);
        if (outboundHint) {
            branch.addHeader("P-Hint", "outbound");
        }
    }

    private URI uri(String text) {
        try {
            return factory.createURI(text);
        } catch (ServletParseException e) {
            throw new IllegalArgumentException("bad target " + text + ": " + e.getMessage(), e);
        }
    }

    // --- failure_route[MANAGE_FAILURE] ------------------------------------------------------------

    /** Provisional and 2xx responses of relayed requests reach the dialog tracking here. */
    @Override
    protected void doResponse(SipServletResponse resp) throws ServletException, IOException {
        if (probes != null && probes.answered(resp)) {
            return; // the answer to a dispatcher probe, not to a proxied request
        }
        if (resp.getStatus() < 300 && !resp.isBranchResponse()) {
            media.onResponse(resp); // before the dialog module and before the copy goes upstream
            nat.onResponse(resp); // route[NATMANAGE]: the Contact of a callee behind NAT
            if (dialogs != null) {
                dialogs.onResponse(resp);
            }
        }
        super.doResponse(resp);
    }

    @Override
    protected void doRedirectResponse(SipServletResponse resp) throws ServletException, IOException {
        failed(resp);
    }

    @Override
    protected void doErrorResponse(SipServletResponse resp) throws ServletException, IOException {
        failed(resp);
    }

    /** A negative best response: the next q group, or else the dialog failed. */
    private void failed(SipServletResponse resp) {
        if (!failure(resp)) {
            if (!resp.isBranchResponse()) {
                media.onFailure(resp); // not while other branches may still answer
            }
            if (dialogs != null) {
                dialogs.onResponse(resp);
            }
        }
    }

    /**
     * The best final response of a proxy operation is negative (a branch's timeout included): a
     * dispatched request may go to its next destination ({@link DispatchRelay#failed}), a serial fork
     * tries its next q group ({@code t_next_contacts}) unless the response is a 6xx. The container
     * does not call this for an operation its caller cancelled ({@code t_is_canceled}). True when a
     * next destination or group was started.
     */
    private boolean failure(SipServletResponse resp) {
        Proxy proxy = resp.getProxy();
        if (proxy == null) {
            return false;
        }
        SipServletRequest original = proxy.getOriginalRequest();
        if (original.getAttribute(PENDING_DESTINATIONS) instanceof PendingDestinations pending) {
            return dispatching.failed(proxy, pending, resp);
        }
        if (resp.getStatus() < 600 && original.getAttribute(PENDING_GROUPS) instanceof PendingGroups pending && pending.hasNext()) {
            try {
                start(proxy, pending.next(), pending.outboundHint(), pending.maxForwards());
                return true;
            } catch (IllegalArgumentException | IllegalStateException e) {
                log("cannot try the next contacts of " + original.getRequestURI() + ": " + e.getMessage());
            }
        }
        return false;
    }

    // --- local replies -------------------------------------------------------------------------

    private static SipServletResponse respond(SipServletRequest req, Reply reply, Map<String, String> headers)
            throws IOException {
        SipServletResponse response = req.createResponse(reply.status(), reply.reason());
        headers.forEach(response::addHeader);
        response.send();
        return response;
    }

    /** A reply to a request being relayed that could not go on: a dialog already tracked fails with it. */
    private void respondIfPossible(SipServletRequest req, Reply reply) {
        try {
            SipServletResponse response = respond(req, reply, Map.of());
            if (dialogs != null) {
                dialogs.onResponse(response);
            }
        } catch (IOException | IllegalStateException e) {
            log("cannot answer " + req.getMethod() + " with " + reply.status() + ": " + e.getMessage());
        }
    }

    /**
     * Kamailio's {@code exit} without a reply. The request gets no answer; its application session
     * is invalidated at once so that nothing is kept for a request nobody will answer.
     */
    private static void drop(SipServletRequest req) {
        if ("ACK".equals(req.getMethod())) {
            return;
        }
        try {
            req.getApplicationSession().invalidate();
        } catch (IllegalStateException alreadyInvalid) {
            // nothing left to release
        }
    }
}
