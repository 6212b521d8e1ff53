package io.sipcontainer.transport;

import javax.sip.ListeningPoint;
import javax.sip.SipProvider;

/**
 * One bound SIP socket: a JAIN-SIP listening point, the provider that sends through it, and the
 * address the server advertises for it in Via, Contact and Record-Route.
 */
public record Connector(String transport, String host, int port, String advertisedHost, int advertisedPort,
        ListeningPoint listeningPoint, SipProvider provider) {

    /** True for connection-oriented transports, where Via needs no rport to route replies. */
    public boolean isReliable() {
        return !"udp".equalsIgnoreCase(transport);
    }

    public boolean isSecure() {
        return "tls".equalsIgnoreCase(transport) || "wss".equalsIgnoreCase(transport);
    }

    @Override
    public String toString() {
        return transport + ":" + host + ":" + port;
    }
}
