package io.sipcontainer.dispatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sip.address.SipURI;
import javax.sip.header.RouteHeader;

import jakarta.servlet.sip.ServletParseException;

import io.sipcontainer.message.AddressParser;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.Tags;
import io.sipcontainer.transport.Connector;

/**
 * Chains applications on one initial request, as the application router decides. When an
 * application sends an initial request, the router is asked (with the request's directive and
 * the state of the request it continues) whether another application takes it; if so, the
 * request is sent to this server itself with a Route naming a short-lived token, and on arrival
 * the token tells which application is next. The route goes over the real transport, so each
 * application keeps ordinary transactions, and no state is read from the wire but a random key.
 */
public final class ApplicationComposer {
    /** The Route parameter that carries the token. */
    static final String TOKEN_PARAM = "sc-ar";
    private static final long TOKEN_LIFETIME_MILLIS = 32_000;

    private record Pending(ApplicationSelector.Selection selection, long expiresAt) { }

    private final ApplicationSelector selector;
    private final Supplier<Iterable<Connector>> connectors;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public ApplicationComposer(ApplicationSelector selector, Supplier<Iterable<Connector>> connectors) {
        this.selector = selector;
        this.connectors = connectors;
    }

    /**
     * Called before an initial request an application originates leaves (never for ACK or a
     * relayed request: {@code MessageSender} only asks for those): routes it to the next
     * application if any.
     */
    public void beforeSend(SipServletRequestImpl request, Connector via) {
        ApplicationSelector.Selection next = selector.select(request, request.directive(), request.getRegion(),
                request.routerState());
        if (next == null) {
            return;
        }
        purgeExpired();
        String token = Tags.newTag() + Tags.newTag();
        pending.put(token, new Pending(next, System.currentTimeMillis() + TOKEN_LIFETIME_MILLIS));
        String host = via.host().indexOf(':') >= 0 ? "[" + via.host() + "]" : via.host();
        String transport = "udp".equals(via.transport()) ? "" : ";transport=" + via.transport();
        request.pushRouteInternal("<sip:" + host + ":" + via.port() + transport + ";lr;" + TOKEN_PARAM + "=" + token + ">");
    }

    /**
     * For a received initial request: pops a Route that names this server (RFC 3261 16.4) and, if
     * it carries a token, returns the application the sender's router chose; null otherwise.
     */
    public ApplicationSelector.Selection resume(SipServletRequestImpl request) {
        RouteHeader top = (RouteHeader) request.jainRequest().getHeader("Route");
        if (top == null || !(top.getAddress().getURI() instanceof SipURI uri) || !isOurs(uri)) {
            return null;
        }
        request.jainRequest().removeFirst("Route");
        try {
            request.setPoppedRoute(AddressParser.parse(((gov.nist.javax.sip.header.SIPHeader) top).getHeaderValue()));
        } catch (ServletParseException e) {
            // a Route we could route on is one we can parse; keep going without the popped value
        }
        String token = uri.getParameter(TOKEN_PARAM);
        Pending p = token == null ? null : pending.remove(token);
        return p == null ? null : p.selection();
    }

    private boolean isOurs(SipURI uri) {
        int port = uri.getPort() > 0 ? uri.getPort() : 5060;
        for (Connector c : connectors.get()) {
            if (c.port() == port && (c.host().equals(uri.getHost()) || c.advertisedHost().equals(uri.getHost()))) {
                return true;
            }
        }
        return false;
    }

    private void purgeExpired() {
        long now = System.currentTimeMillis();
        pending.values().removeIf(p -> p.expiresAt() < now);
    }
}
