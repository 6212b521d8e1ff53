package io.sipcontainer.apps.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.TooManyHopsException;

import io.sipcontainer.service.DispatcherService;

/**
 * route[DISPATCH] and its failure_route from Kamailio's dispatcher README configuration, carried
 * out with the Proxy API: {@code ds_select_dst(set, alg, limit)} then {@code t_relay()}, and after a
 * timeout or a failure status of {@code proxy.dispatch_failover} {@code ds_next_dst()} and relay
 * again, so the caller sees one call. The request keeps its Request-URI; the destination is the
 * next hop (Kamailio's {@code $du}, a Route header here). A dispatched INVITE waits
 * {@code fr_timer} for any reply, then {@code fr_inv_timer} for the final one, so a destination
 * that never answers is left after {@code fr_timer}.
 */
final class DispatchRelay {
    /** Starts branches to a group of targets (the servlet's own start, with Route and Max-Forwards). */
    @FunctionalInterface
    interface Branches {
        void start(Proxy proxy, List<RelayTarget> group, boolean outboundHint, int maxForwards, int branchTimeout);
    }

    private final DispatcherService dispatcher;
    private final ProxySettings settings;
    private final Branches branches;
    private final Consumer<String> log;

    /** @param dispatcher the container's dispatcher, or null when it provides none (nothing is usable) */
    DispatchRelay(DispatcherService dispatcher, ProxySettings settings, Branches branches, Consumer<String> log) {
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.branches = branches;
        this.log = log;
    }

    /**
     * Selects destinations and relays {@code req} to the first (or, for algorithm 12, to all);
     * returns the reply to send instead, {@code 404 No destination} when none is usable, or null
     * once relayed.
     */
    Reply dispatch(SipServletRequest req, Outcome.Dispatch plan) throws TooManyHopsException {
        DispatchRule rule = plan.rule();
        DispatcherService.Selection selection = dispatcher == null ? null
                : dispatcher.select(rule.setId(), rule.algorithm(), req, rule.limit());
        if (selection == null || selection.isEmpty()) {
            return Reply.NO_DESTINATION;
        }
        Proxy proxy = req.getProxy();
        String ruri = req.getRequestURI().toString();
        List<RelayTarget> targets = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (DispatcherService.Target t : selection.targets()) {
            targets.add(target(ruri, t.uri()));
            uris.add(t.uri());
        }
        proxy.setRecordRoute(plan.recordRoute());
        proxy.setParallel(true);
        proxy.setRecurse(false);
        proxy.setSupervised(true);
        boolean invite = "INVITE".equals(req.getMethod());
        proxy.setProxyTimeout(ProxySettings.seconds(invite ? settings.frInvTimerMillis() : settings.frTimerMillis()));
        if (selection.parallel()) {
            branches.start(proxy, targets, false, plan.maxForwards(), branchTimeout(req));
        } else {
            req.setAttribute(ProxyServlet.PENDING_DESTINATIONS,
                    new PendingDestinations(rule.setId(), uris, plan.maxForwards()));
            branches.start(proxy, targets.subList(0, 1), false, plan.maxForwards(), branchTimeout(req));
        }
        return null;
    }

    /**
     * The best response of a dispatched request is negative: on a timeout (408, a local one
     * included) or a {@code proxy.dispatch_failover} status, the next destination; otherwise the
     * response goes to the caller and the call no longer loads its destination. True when the
     * next destination was started.
     */
    boolean failed(Proxy proxy, PendingDestinations pending, SipServletResponse resp) {
        int status = resp.getStatus();
        SipServletRequest original = proxy.getOriginalRequest();
        boolean failover = status < 600
                && (status == 408 || settings.dispatchFailover().matcher(Integer.toString(status)).matches());
        if (!failover) { // a 6xx ends the search, as it ends a fork
            dispatcher.callEnded(original.getCallId());
            return false;
        }
        String next = pending.peekNext();
        dispatcher.failedOver(pending.setId(), pending.current(), next, original.getCallId());
        if (next == null) {
            return false; // nothing left: the caller gets this response
        }
        pending.advance();
        try {
            branches.start(proxy, List.of(target(original.getRequestURI().toString(), next)), false,
                    pending.maxForwards(), branchTimeout(original));
            return true;
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.accept("cannot fail over " + original.getMethod() + " to " + next + ": " + e.getMessage());
            return false;
        }
    }

    private int branchTimeout(SipServletRequest req) {
        return "INVITE".equals(req.getMethod()) ? ProxySettings.seconds(settings.frTimerMillis()) : 0;
    }

    /** The Request-URI as it is, sent to the destination as next hop. */
    private static RelayTarget target(String ruri, String destination) {
        return new RelayTarget(ruri, RelayTarget.Q_UNSPECIFIED, destination, List.of(), null);
    }
}
