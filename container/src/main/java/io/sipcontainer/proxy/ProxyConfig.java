package io.sipcontainer.proxy;

import java.util.concurrent.ScheduledExecutorService;

import io.sipcontainer.transport.Connector;

/**
 * What proxies share: timers, the servlet runner, the test of whether a URI host and port name
 * this server, and the default timeout (seconds) of a branch that got no final response.
 * Messaging comes with each request ({@code request.services()}).
 */
public record ProxyConfig(ScheduledExecutorService scheduler, ServletRunner runner, Myself myself,
        int defaultTimeoutSeconds) {

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
