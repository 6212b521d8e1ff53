package io.sipcontainer.proxy;

import java.util.concurrent.ScheduledExecutorService;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;

import io.sipcontainer.transport.Connector;

/**
 * What proxies share: timers, the servlet runner, the test of whether a URI host and port name
 * this server, the default timeout (seconds) of a branch that got no final response, and who is
 * told of what a proxy handles without any application seeing it ({@link Unseen}).
 * Messaging comes with each request ({@code request.services()}).
 */
public record ProxyConfig(ScheduledExecutorService scheduler, ServletRunner runner, Myself myself,
        int defaultTimeoutSeconds, Unseen unseen) {

    /** Proxies whose unseen messages concern nobody. */
    public ProxyConfig(ScheduledExecutorService scheduler, ServletRunner runner, Myself myself,
            int defaultTimeoutSeconds) {
        this(scheduler, runner, myself, defaultTimeoutSeconds, Unseen.NONE);
    }

    /**
     * What a proxy handles that no application sees, for the container's dialog tracking (which
     * must still see it, as Kamailio's dialog module sees everything tm does): an in-dialog
     * request routed after its SIP session is gone (a dialog restored after a restart), and a
     * final response the proxy made itself (the 408 of a branch that timed out).
     */
    public interface Unseen {
        Unseen NONE = new Unseen() {
        };

        default void sessionlessRequest(SipServletRequestImpl request) {
        }

        default void localFinalResponse(SipServletResponseImpl response) {
        }
    }

    /** Whether a host and port (0 or -1: the default port) name this server. */
    @FunctionalInterface
    public interface Myself {
        boolean test(String host, int port);
    }

    boolean isMyself(javax.sip.address.SipURI uri) {
        return myself.test(uri.getHost(), uri.getPort());
    }

    /** The host to write in our own URIs for a socket: its advertised host, IPv6 in brackets. */
    static String hostOf(Connector c) {
        String h = c.advertisedHost();
        return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
    }
}
