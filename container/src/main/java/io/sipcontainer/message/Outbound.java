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
}
