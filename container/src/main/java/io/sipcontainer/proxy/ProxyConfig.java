package io.sipcontainer.proxy;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import io.sipcontainer.message.SipServletRequestImpl;

import io.sipcontainer.transport.Connector;

/**
 * What proxies share: timers, the servlet runner, the test of whether a URI host and port name
 * this server, the default timeout (seconds) of a branch that got no final response, and who is
 * told of an in-dialog request routed without its session ({@code sessionless}: the session is
 * gone, e.g. after a restart, so no application sees it, but the dialog module still must).
 * Messaging comes with each request ({@code request.services()}).
 */
public record ProxyConfig(ScheduledExecutorService scheduler, ServletRunner runner, Myself myself,
        int defaultTimeoutSeconds, Consumer<SipServletRequestImpl> sessionless) {

    /** Proxies whose session-less in-dialog requests concern nobody else. */
    public ProxyConfig(ScheduledExecutorService scheduler, ServletRunner runner, Myself myself,
            int defaultTimeoutSeconds) {
        this(scheduler, runner, myself, defaultTimeoutSeconds, request -> { });
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
