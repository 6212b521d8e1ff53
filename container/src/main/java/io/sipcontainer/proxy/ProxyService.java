package io.sipcontainer.proxy;

import java.io.IOException;

import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.RouteHeader;

import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.TooManyHopsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.MaxForwards;
import io.sipcontainer.message.ProxyFactory;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.message.TransactionRecord;
import io.sipcontainer.session.SipSessionImpl;

/**
 * The container's proxying, one per server: creates the {@link Proxy} of a request, gives branch
 * responses to their proxy, relays a CANCEL, and loose-routes the in-dialog requests of dialogs
 * a proxy record-routed (RFC 3261 16.4 and 16.12), finding their session from the Record-Route
 * URI through the session store, so any node can route them.
 */
public final class ProxyService implements ProxyFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyService.class);

    /** Finds a SIP session by id through the session store (attaching its application). */
    @FunctionalInterface
    public interface SessionFinder {
        SipSessionImpl find(String sipSessionId);
    }

    private final ProxyConfig config;
    private final SessionFinder sessions;

    public ProxyService(ProxyConfig config, SessionFinder sessions) {
        this.config = config;
        this.sessions = sessions;
    }

    @Override
    public Proxy create(SipServletRequestImpl request) throws TooManyHopsException {
        if (MaxForwards.isExhausted(request.jainRequest())) {
            throw new TooManyHopsException("Max-Forwards is 0");
        }
        forceRport(request);
        return new ProxyImpl(request, config);
    }

    /** As Kamailio's force_rport: responses go back to where the request came from. */
    private static void forceRport(SipServletRequestImpl request) {
        javax.sip.header.ViaHeader via = request.jainRequest().getTopmostViaHeader();
        if (via == null || request.getRemoteAddr() == null) {
            return;
        }
        try {
            if (via.getReceived() == null) {
                via.setReceived(request.getRemoteAddr());
            }
            if (via.getRPort() <= 0 && request.getRemotePort() > 0) {
                via.setParameter("rport", Integer.toString(request.getRemotePort()));
            }
        } catch (java.text.ParseException e) {
            LOG.debug("Could not set received/rport: {}", e.toString());
        }
    }

    /** RFC 3261 16.3 step 4: the request carries one of our Vias with its own loop hash. */
    public boolean isLooping(SipServletRequestImpl request) {
        return LoopDetector.isLooping(request.jainRequest(), via -> config.myself().test(via.getHost(), via.getPort()));
    }

    /** True when the response belongs to something a proxy sent; it is then handled here. */
    public boolean handleResponse(SipServletResponseImpl response) {
        TransactionRecord sent = response.requestImpl().transaction();
        if (sent.branch() instanceof ProxyBranchImpl branch) {
            if (response.getStatus() != 100) {
                ProxyImpl proxy = (ProxyImpl) branch.getProxy();
                config.runner().runSerial(proxy.session(), () -> proxy.onResponse(response));
            }
            return true;
        }
        SipServletRequestImpl upstream = sent.upstream();
        if (upstream == null) {
            return false;
        }
        if (response.getStatus() == 100) {
            return true;
        }
        SipSessionImpl session = response.sipSession();
        if (session == null) {
            relay(response, upstream);
        } else {
            config.runner().runSerial(session, () -> {
                if (session.isValid()) {
                    response.openWhileRelayed(); // the application may change it (its SDP) before it goes on
                    try {
                        config.runner().service(response);
                    } finally {
                        response.setCommitted();
                    }
                }
                relay(response, upstream);
                if (session.isValid() && response.getStatus() >= 200 && "BYE".equals(response.getMethod())) {
                    session.dialog().terminate(); // the dialog this proxy record-routed has ended
                }
            });
        }
        return true;
    }

    /** A CANCEL for an INVITE being proxied (the CANCEL itself was already answered 200). */
    public void cancel(SipServletRequestImpl invite) {
        if (invite.transaction().proxy() instanceof ProxyImpl proxy) {
            config.runner().runSerial(proxy.session(), proxy::cancelFromUpstream);
        }
    }

    /**
     * Routes an in-dialog request whose top Route is a Record-Route of ours: pops it (both with
     * r2), lets the record-routing application see it, then forwards it. False when the request
     * is not for a dialog we record-routed. Only the look-up happens on the calling (stack)
     * thread; the rest runs on the session's serial executor when the session still exists.
     */
    public boolean routeSubsequent(SipServletRequestImpl request) {
        RouteHeader top = (RouteHeader) request.jainRequest().getHeader("Route");
        if (top == null || !(top.getAddress().getURI() instanceof SipURI uri) || !config.isMyself(uri)) {
            return false;
        }
        String sessionId = RecordRoutes.decode(uri.getParameter(RecordRoutes.SESSION_PARAM));
        if (sessionId == null) {
            return false;
        }
        request.markProxiedInDialog(); // the container proxies it: the application may look, not answer
        SipSessionImpl session = sessions.find(sessionId);
        if (session == null) {
            relayInDialog(request, null); // the session is gone: still route the dialog (as Kamailio's loose_route)
            return true;
        }
        request.setSipSession(session);
        request.transaction().setOwner(session.applicationSession());
        config.runner().runSerial(session, () -> relayInDialog(request, session.isValid() ? session : null));
        return true;
    }

    private void relayInDialog(SipServletRequestImpl request, SipSessionImpl session) {
        SIPRequest jain = request.jainRequest();
        RouteHeader ours = (RouteHeader) jain.getHeader("Route");
        jain.removeFirst("Route");
        RouteHeader second = (RouteHeader) jain.getHeader("Route");
        if ("on".equals(((SipURI) ours.getAddress().getURI()).getParameter("r2")) && second != null
                && second.getAddress().getURI() instanceof SipURI s2 && config.isMyself(s2)) {
            jain.removeFirst("Route");
        }
        if (MaxForwards.isExhausted(jain)) {
            if (!"ACK".equals(request.getMethod())) {
                reply(request, 483, "Too Many Hops");
            }
            return;
        }
        if (SessionIntervals.rejects(request)) { // RFC 4028 8.1, for a refresh within the dialog too
            SIPResponse tooSmall = request.jainRequest().createResponse(SessionIntervals.STATUS,
                    SessionIntervals.REASON);
            try {
                tooSmall.setHeader(request.services().headerFactory().createHeader("Min-SE",
                        SessionIntervals.minSe(request)));
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
            reply(request, tooSmall);
            return;
        }
        if (session != null) {
            request.openWhileRelayed(); // the application may change it (an ACK's SDP) before it goes on
            try {
                config.runner().service(request);
            } finally {
                request.setCommitted();
            }
        } else {
            config.unseen().sessionlessRequest(request);
        }
        forward(request, session);
    }

    private void forward(SipServletRequestImpl upstream, SipSessionImpl session) {
        SIPRequest copy = (SIPRequest) upstream.jainRequest().clone();
        SipServletRequestImpl out = new SipServletRequestImpl(copy, upstream.services(), session, null, false);
        out.setHeaderInternal("Max-Forwards", Integer.toString(MaxForwards.next(upstream.jainRequest())));
        SessionIntervals.raise(out);
        out.transaction().setUpstream(upstream);
        try {
            upstream.services().sender().forward(out, LoopDetector.branchFor(upstream.jainRequest()));
        } catch (IOException e) {
            LOG.debug("Could not forward in-dialog {}: {}", upstream.getMethod(), e.toString());
            if (!"ACK".equals(upstream.getMethod())) {
                reply(upstream, 477, "Unfortunately error on sending to next hop occurred");
            }
        }
    }

    private static void relay(SipServletResponseImpl response, SipServletRequestImpl upstream) {
        if (upstream.isFinalResponseSent() || upstream.transaction().serverTransaction() == null) {
            return;
        }
        Upstream.send(Upstream.copyOf(response, upstream));
    }

    private static void reply(SipServletRequestImpl request, int status, String reason) {
        reply(request, request.jainRequest().createResponse(status, reason));
    }

    private static void reply(SipServletRequestImpl request, SIPResponse response) {
        ServerTransaction st = request.transaction().serverTransaction();
        if (st == null) {
            return;
        }
        try {
            st.sendResponse(Upstream.withToTag(response));
        } catch (Exception e) {
            LOG.debug("Could not answer {}: {}", response.getStatusCode(), e.toString());
        }
    }
}
