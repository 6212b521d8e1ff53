package io.sipcontainer.transport;

import javax.sip.ListeningPoint;
import javax.sip.SipProvider;

/**
 * One bound SIP socket: a JAIN-SIP listening point, the provider that sends through it, and the
 * address the server advertises for it in Via, Contact and Record-Route (for a wildcard socket,
 * per destination: {@link #toward}).
 */
public record Connector(String transport, String host, int port, String advertisedHost, int advertisedPort,
        ListeningPoint listeningPoint, SipProvider provider) {

    /** True for connection-oriented transports, where Via needs no rport to route replies. */
    public boolean isReliable() {
        return !"udp".equalsIgnoreCase(transport);
    }

    /**
     * This socket as seen from {@code destination}: itself, unless it is bound to a wildcard
     * without an {@code advertise} address; then a copy advertising the local address that routes
     * to the destination ({@link LocalRoutes}), so no Via, Contact or Record-Route names 0.0.0.0.
     */
    public Connector toward(String destination) {
        if (!LocalRoutes.isWildcard(advertisedHost)) {
            return this;
        }
        String source = LocalRoutes.sourceFor(destination);
        return source == null ? this
                : new Connector(transport, host, port, source, advertisedPort, listeningPoint, provider);
    }

    public boolean isSecure() {
        return "tls".equalsIgnoreCase(transport) || "wss".equalsIgnoreCase(transport);
    }

    @Override
    public String toString() {
        return transport + ":" + host + ":" + port;
    }
}
