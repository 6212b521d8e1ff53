package io.sipcontainer.transport;

import javax.sip.ServerTransaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

/**
 * Where the stack bridge delivers what arrives: requests with their server transaction,
 * responses, timeouts and ends of client transactions with the {@code data} they were started
 * with (see {@link Outbound#newClientTransaction}). Calls come on stack threads: an implementation
 * looks things up and hands work off, it never blocks.
 */
public interface Inbound {

    /** A request; {@code st} is null for an ACK, which has no transaction. */
    void request(SIPRequest request, ServerTransaction st, Connector via);

    /**
     * A response to a request sent with {@code data}; retransmissions are absorbed below. Returns
     * what the client transaction carries from now on: {@code data} itself, or something smaller
     * once a final response leaves nothing more to deliver, so that the stack, which keeps an
     * ended transaction for seconds to absorb retransmissions, does not pin the messages with it.
     */
    Object response(SIPResponse response, Object data, Connector via);

    /** A client transaction got no final response in time (Timer B or F). */
    void timeout(Object data);

    /**
     * A 2xx to INVITE this server sent as a UAS got no ACK within 64*T1 (RFC 3261 13.3.1.4);
     * {@code data} is what its server transaction was given.
     */
    default void ackTimeout(Object data) {
    }

    /** A transaction ended; {@code data} is what it carried (client) or was given (server). */
    void transactionEnded(Object data, String branchId);
}
