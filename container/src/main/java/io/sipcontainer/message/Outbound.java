package io.sipcontainer.message;

import java.io.IOException;

import io.sipcontainer.stack.Connector;

/**
 * How the message layer puts messages on the wire: the stack bridge implements it with JAIN-SIP
 * client and server transactions. Kept to three calls so the message classes stay testable.
 */
public interface Outbound {

    /** Sends a request statefully (a client transaction), or statelessly for ACK to a 2xx. */
    void send(SipServletRequestImpl request) throws IOException;

    /** Sends a response through the server transaction of its request. */
    void send(SipServletResponseImpl response) throws IOException;

    /** The socket to send a new request through for a transport, e.g. "udp". */
    Connector connectorFor(String transport);

    /** The socket a request will leave through: by the transport of its top Route, else of its Request-URI. */
    default Connector connectorForNextHop(SipServletRequestImpl request) {
        return connectorFor("udp");
    }

    /**
     * Forwards a request a proxy relays: adds our Via with {@code viaBranch}, then sends it on a
     * new client transaction, or statelessly for an ACK.
     */
    default void forward(SipServletRequestImpl request, String viaBranch) throws IOException {
        throw new IOException("forwarding is not supported by this outbound path");
    }

    /** Sends a CANCEL for a forwarded INVITE that got a provisional response (RFC 3261 9.1). */
    default void cancel(SipServletRequestImpl invite, String reason) throws IOException {
        throw new IOException("cancelling is not supported by this outbound path");
    }

    /** Sends a response statelessly to the next Via (a 2xx retransmission a proxy relays). */
    default void forwardStatelessly(SipServletResponseImpl response) throws IOException {
        throw new IOException("stateless forwarding is not supported by this outbound path");
    }
}
