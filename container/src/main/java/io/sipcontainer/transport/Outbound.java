package io.sipcontainer.transport;

import java.io.IOException;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

/**
 * How messages leave the server, at the level of SIP transactions: the JAIN-SIP stack bridge
 * implements it, the message layer above calls it once a message is complete (Via, Contact and
 * dialog state are the caller's business). The {@code data} given with a client transaction comes
 * back with its responses, timeout and end through {@link Inbound}.
 */
public interface Outbound {

    /** The socket to send through for a transport ("udp", "tcp" ...), preferring the first configured. */
    Connector connectorFor(String transport);

    /**
     * The socket to send through for a transport toward {@code host}: one bound to the host's address
     * family when the host is an IP literal (an IPv6 destination leaves through an IPv6 socket, an
     * IPv4 one through an IPv4 socket), else as {@link #connectorFor(String)}.
     */
    default Connector connectorFor(String transport, String host) {
        return connectorFor(transport);
    }

    /**
     * A new client transaction for a request through {@code via}, carrying {@code data}; the
     * caller records it, then sends it with {@link #send(ClientTransaction)} (a response can
     * arrive as soon as it is sent).
     */
    ClientTransaction newClientTransaction(Connector via, SIPRequest request, Object data) throws IOException;

    /** Sends the request of a new client transaction. */
    void send(ClientTransaction ct) throws IOException;

    /** Sends a CANCEL for an INVITE client transaction that got a provisional response (RFC 3261 9.1). */
    void cancel(Connector via, ClientTransaction invite, String reason) throws IOException;

    /**
     * Sends an ACK, outside any transaction. {@code ours}: this server acknowledges a 2xx it
     * received, so the ACK is kept to answer retransmissions of that 2xx; otherwise it is relayed.
     */
    void sendAck(Connector via, SIPRequest ack, boolean ours) throws IOException;

    /**
     * Sends a response on the server transaction of its request (or statelessly when there is
     * none). {@code untilAcked}: a 2xx to INVITE this server answered as a UAS, retransmitted over
     * an unreliable transport until the ACK arrives (RFC 3261 13.3.1.4).
     */
    void respond(Connector via, ServerTransaction st, SIPResponse response, boolean untilAcked) throws IOException;

    /**
     * Sends a reliable provisional response (RFC 3262, it carries {@code rseq} in RSeq) on its
     * server transaction and retransmits it, from T1 doubling, until {@link #prackReceived} names
     * it; {@code unacknowledged} runs when 64*T1 pass without that.
     */
    void respondReliably(Connector via, ServerTransaction st, SIPResponse response, long rseq,
            Runnable unacknowledged) throws IOException;

    /** A PRACK acknowledged the reliable 1xx with this RSeq in this dialog: stop retransmitting it. */
    void prackReceived(String callId, String toTag, long rseq);

    /** Sends a response to its top Via with no transaction: a 2xx retransmission a proxy relays. */
    void sendStateless(Connector via, SIPResponse response) throws IOException;

    /** Sends the ACK kept for a 2xx again, when the 2xx was retransmitted; false when none is kept. */
    boolean resendAck(Connector via, SIPResponse ok);

    /** Has {@code watch} told when a connection a peer opened closes (RFC 5626 flow failure). */
    default void watchConnections(ConnectionWatch watch) {
    }
}
