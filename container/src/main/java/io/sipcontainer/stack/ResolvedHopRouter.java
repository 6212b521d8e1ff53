package io.sipcontainer.stack;

import java.util.ListIterator;

import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.DefaultRouter;

/**
 * The stack's router ({@code javax.sip.ROUTER_PATH}): a request the container has already located
 * (RFC 3263, {@code io.sipcontainer.dns}) carries its target as its application data, a {@link Hop}
 * with an IP address, and goes exactly there; the stack then looks nothing up itself, and each
 * failover's new client transaction goes to the target the container chose. Any other request
 * (its next hop an address, a CANCEL) takes the RI's default routing.
 */
public final class ResolvedHopRouter implements Router {
    private final DefaultRouter fallback;

    /** The constructor JAIN-SIP calls, with the stack and its {@code javax.sip.OUTBOUND_PROXY}. */
    public ResolvedHopRouter(SipStack stack, String outboundProxy) {
        this.fallback = new DefaultRouter(stack, outboundProxy);
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        Hop hop = request instanceof SIPMessage m && m.getApplicationData() instanceof Hop located ? located
                : fallback.getNextHop(request);
        if (hop != null && "tls".equalsIgnoreCase(hop.getTransport())) {
            String domain = domainOf(request);
            if (domain != null) {
                TlsListenerProcessor.expectDomain(domain, hop.getHost(), hop.getPort());
            }
        }
        return hop;
    }

    /**
     * The SIP domain a request goes to (RFC 5922 7.1): the host of its top Route, else of its
     * Request-URI, as written (before any DNS lookup).
     */
    static String domainOf(Request request) {
        javax.sip.header.RouteHeader route = (javax.sip.header.RouteHeader) request.getHeader("Route");
        javax.sip.address.URI uri = route != null ? route.getAddress().getURI() : request.getRequestURI();
        return uri instanceof javax.sip.address.SipURI sip ? sip.getHost() : null;
    }

    @Override
    public Hop getOutboundProxy() {
        return fallback.getOutboundProxy();
    }

    @Override
    @Deprecated
    @SuppressWarnings("rawtypes")
    public ListIterator getNextHops(Request request) {
        return fallback.getNextHops(request);
    }
}
