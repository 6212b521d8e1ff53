package io.sipcontainer.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

import gov.nist.javax.sip.message.SIPResponse;

/**
 * What goes out and comes back outside SIP transactions: nathelper's keepalives. A datagram
 * leaves from the UDP socket of a connector, so a NAT that let a client's REGISTER in sees the
 * ping come from the same address; a response no transaction matches may be taken (the answer
 * to a stateless SIP ping) before the stack's stray handling sees it.
 */
public interface Datagrams {

    /** Sends {@code payload} as one UDP datagram from {@code via}'s socket; {@code via} must be UDP. */
    void send(Connector via, InetSocketAddress to, byte[] payload) throws IOException;

    /**
     * Offers every response no client transaction matches to {@code taker} first (on the stack's
     * thread: it must only look and record); a response it returns true for goes no further.
     * Null removes the taker.
     */
    void takeStrayResponses(Predicate<SIPResponse> taker);
}
