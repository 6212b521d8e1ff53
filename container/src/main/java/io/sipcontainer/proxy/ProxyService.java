package io.sipcontainer.proxy;

import java.io.IOException;

import javax.sip.address.SipURI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;

import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.TooManyHopsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.ProxyFactory;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
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
        MaxForwardsHeader mf = request.jainRequest().getMaxForwards();
        if (mf != null && mf.getMaxForwards() <= 0) {
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
        SipServletRequestImpl request = response.requestImpl();
        if (request.proxyBranch() instanceof ProxyBranchImpl branch) {
            if (response.getStatus() == 100) {
                return true;
            }
            ProxyImpl proxy = (ProxyImpl) branch.getProxy();
            config.runner().runSerial(proxy.session(), () -> proxy.onResponse(response));
            return true;
        }
        SipServletRequestImpl upstream = request.forwardedFrom();
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
                    config.runner().service(response);
                }
                relay(response, upstream);
            });
        }
        return true;
    }

    /** A CANCEL for an INVITE being proxied (the CANCEL itself was already answered 200). */
    public void cancel(SipServletRequestImpl invite) {
        Proxy p;
        try {
            p = invite.getProxy(false);
        } catch (TooManyHopsException e) {
            return;
        }
        if (p instanceof ProxyImpl proxy) {
            config.runner().runSerial(proxy.session(), proxy::cancelFromUpstream);
        }
    }

    /**
     * Routes an in-dialog request whose top Route is a Record-Route of ours: pops it (both with
     * r2), lets the record-routing application see it, then forwards it. False when the request
     * is not for a dialog we record-routed.
     */
    public boolean routeSubsequent(SipServletRequestImpl request) {
        SIPRequest jain = request.jainRequest();
        RouteHeader top = (RouteHeader) jain.getHeader("Route");
        if (top == null || !(top.getAddress().getURI() instanceof SipURI uri) || !config.isMyself(uri)) {
            return false;
        }
        String sessionId = RecordRoutes.decode(uri.getParameter(RecordRoutes.SESSION_PARAM));
        if (sessionId == null) {
            return false;
        }
        jain.removeFirst("Route");
        RouteHeader second = (RouteHeader) jain.getHeader("Route");
        if ("on".equals(uri.getParameter("r2")) && second != null
                && second.getAddress().getURI() instanceof SipURI s2 && config.isMyself(s2)) {
            jain.removeFirst("Route");
        }
        MaxForwardsHeader mf = jain.getMaxForwards();
        if (mf != null && mf.getMaxForwards() <= 0) {
            if (!"ACK".equals(request.getMethod())) {
                reply(request, 483, "Too Many Hops");
            }
            return true;
        }
        request.markProxiedInDialog(); // the container proxies it: the application may look, not answer
        SipSessionImpl session = sessions.find(sessionId);
        if (session == null) {
            forward(request, null); // the session is gone: still route the dialog (as Kamailio's loose_route)
            return true;
        }
        request.setSipSession(session);
        config.runner().runSerial(session, () -> {
            if (session.isValid()) {
                config.runner().service(request);
            }
            forward(request, session.isValid() ? session : null);
        });
        return true;
    }

    private void forward(SipServletRequestImpl upstream, SipSessionImpl session) {
        SIPRequest copy = (SIPRequest) upstream.jainRequest().clone();
        MaxForwardsHeader mf = copy.getMaxForwards();
        SipServletRequestImpl out = new SipServletRequestImpl(copy, config.messages(), session, null, false);
        out.setHeaderInternal("Max-Forwards", Integer.toString(mf == null ? 70 : mf.getMaxForwards() - 1));
        out.setForwardedFrom(upstream);
        try {
            config.messages().outbound().forward(out, LoopDetector.branchFor(upstream.jainRequest()));
        } catch (IOException e) {
            LOG.debug("Could not forward in-dialog {}: {}", upstream.getMethod(), e.toString());
            if (!"ACK".equals(upstream.getMethod())) {
                reply(upstream, 477, "Unfortunately error on sending to next hop occurred");
            }
        }
    }

    private void relay(SipServletResponseImpl response, SipServletRequestImpl upstream) {
        if (upstream.isFinalResponseSent() || upstream.serverTransaction() == null) {
            return;
        }
        SIPResponse up = (SIPResponse) response.jainResponse().clone();
        up.removeFirst("Via");
        SipServletResponseImpl r = new SipServletResponseImpl(up, config.messages(), upstream.sipSession(),
                upstream.connector(), upstream, false);
        try {
            config.messages().outbound().send(r);
            if (up.getStatusCode() >= 200) {
                upstream.proxyResponseSent(r);
            }
        } catch (IOException e) {
            LOG.debug("Could not relay {} upstream: {}", up.getStatusCode(), e.toString());
        }
    }

    private static void reply(SipServletRequestImpl request, int status, String reason) {
        if (request.serverTransaction() == null) {
            return;
        }
        try {
            request.serverTransaction().sendResponse(request.jainRequest().createResponse(status, reason));
        } catch (Exception e) {
            LOG.debug("Could not answer {}: {}", status, e.toString());
        }
    }
}
