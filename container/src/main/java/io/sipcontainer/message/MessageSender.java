package io.sipcontainer.message;

import java.io.IOException;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Outbound;
import io.sipcontainer.util.SerialExecutor;

/**
 * Puts the container's messages on the wire through {@link Outbound}: picks the socket, adds
 * our Via, keeps the session's dialog state in step ({@link DialogEvents}), counts, and opens the
 * transaction whose {@link TransactionRecord} brings responses back. Two ways out for requests:
 * {@link #send} for what this server originates (a UAC, a B2BUA leg), {@link #forward} for what a
 * proxy relays (its Via branch carries the loop hash, the dialog state is the endpoints').
 *
 * <p>A message sent from a thread that does not hold its application session's turn (an HTTP
 * servlet, a thread of the application's own) takes the turn first, so the session's state is
 * only ever changed by one thread at a time.
 */
public final class MessageSender {
    /** Looks at an initial request this server originates before it leaves: the application router's chaining. */
    @FunctionalInterface
    public interface SendHook {
        void beforeSend(SipServletRequestImpl request, Connector via);

        SendHook NONE = (request, via) -> { };
    }

    private final Outbound outbound;
    private final HeaderFactory headers;
    private final SendHook hook;
    private final SipCounters counters;

    public MessageSender(Outbound outbound, HeaderFactory headers, SendHook hook, SipCounters counters) {
        this.outbound = outbound;
        this.headers = headers;
        this.hook = hook;
        this.counters = counters;
    }

    /** The socket to send a new request through for a transport, e.g. "udp". */
    public Connector connectorFor(String transport) {
        return outbound.connectorFor(transport);
    }

    /**
     * The socket a request will leave through: by the transport of its top Route, else of its
     * Request-URI, and of the address family of that URI's host when it is an IP literal.
     */
    public Connector connectorForNextHop(SipServletRequestImpl request) {
        SIPRequest jain = request.jainRequest();
        return outbound.connectorFor(transportOf(jain), hostOf(jain));
    }

    /** Sends a request this server originates: statefully, or statelessly for an ACK to a 2xx. */
    public void send(SipServletRequestImpl request) throws IOException {
        inTurn(request.sipSession(), () -> transmit(request, null, false));
    }

    /**
     * Relays a request a proxy forwards: adds our Via with {@code viaBranch}, then sends it on a
     * new client transaction, or statelessly for an ACK.
     */
    public void forward(SipServletRequestImpl request, String viaBranch) throws IOException {
        transmit(request, viaBranch, true);
    }

    private Void transmit(SipServletRequestImpl request, String viaBranch, boolean relayed) throws IOException {
        SIPRequest jain = request.jainRequest();
        Connector c = request.connector();
        if (c == null) {
            c = connectorForNextHop(request);
            request.setConnector(c);
        }
        try {
            ViaHeader via = headers.createViaHeader(c.advertisedHost(), c.advertisedPort(), c.transport(), viaBranch);
            if (!c.isReliable()) {
                via.setRPort();
            }
            if (!request.isIncoming() && request.isInitial() && !"ACK".equals(jain.getMethod())) {
                hook.beforeSend(request, c);
            }
            if (relayed || !"CANCEL".equals(jain.getMethod()) || jain.getTopmostVia() == null) {
                // a CANCEL made from its INVITE's transaction keeps the INVITE's Via (RFC 3261 9.1)
                jain.addFirst(via);
            }
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException | javax.sip.SipException e) {
            throw new IOException("cannot send " + jain.getMethod() + ": " + e.getMessage(), e);
        }
        if (!relayed) {
            DialogEvents.beforeRequestSent(request, c);
            request.applyHeaderForm();
            request.frameBody();
        }
        if ("ACK".equals(jain.getMethod())) {
            outbound.sendAck(c, jain, !relayed);
            if (relayed) {
                counters.statelessRequestForwarded();
            }
            return null;
        }
        counters.clientTransactionCreated(relayed);
        TransactionRecord record = request.transaction();
        ClientTransaction ct = outbound.newClientTransaction(c, jain, record);
        record.attach(ct);
        SipSessionImpl session = request.sipSession();
        if (session != null) {
            session.transactionStarted(ct.getBranchId());
        }
        outbound.send(ct);
        return null;
    }

    /** Sends a response through the server transaction of its request. */
    public void send(SipServletResponseImpl response) throws IOException {
        respond(response, 0, null);
    }

    /**
     * Sends a reliable provisional response (RFC 3262) carrying {@code rseq}: retransmitted until
     * {@link #prackReceived} names it, {@code unacknowledged} run when 64*T1 pass without that.
     */
    public void sendReliably(SipServletResponseImpl response, long rseq, Runnable unacknowledged) throws IOException {
        respond(response, rseq, unacknowledged);
    }

    /** A PRACK acknowledged the reliable 1xx with this RSeq that this server sent with To tag {@code toTag}. */
    public void prackReceived(String callId, String toTag, long rseq) {
        outbound.prackReceived(callId, toTag, rseq);
    }

    private void respond(SipServletResponseImpl response, long rseq, Runnable unacknowledged) throws IOException {
        inTurn(response.sipSession(), () -> {
            SipServletRequestImpl request = response.requestImpl();
            SIPResponse jain = response.jainResponse();
            ServerTransaction st = request.transaction().serverTransaction();
            DialogEvents.beforeResponseSent(response);
            response.applyHeaderForm();
            response.frameBody();
            boolean relayed = request.transaction().isProxied();
            counters.replySent(jain.getStatusCode(), relayed);
            boolean untilAcked = st != null && jain.getStatusCode() / 100 == 2 && "INVITE".equals(request.getMethod())
                    && !relayed;
            if (rseq > 0) {
                outbound.respondReliably(response.connector(), st, jain, rseq, unacknowledged);
            } else {
                outbound.respond(response.connector(), st, jain, untilAcked);
            }
            if (jain.getStatusCode() >= 200 && st != null) {
                if (request.sipSession() != null) {
                    request.sipSession().transactionEnded(st.getBranchId());
                }
                if (!"INVITE".equals(request.getMethod()) || relayed || jain.getStatusCode() >= 300) {
                    // answered: the stack absorbs retransmissions (and the ACK of a non-2xx) on its own
                    // for 32 s (Timer J, H or L), and nothing of ours needs the transaction again, so the
                    // request, its responses and, for a proxy, the branches behind it go now. Only a
                    // UAS's 2xx to INVITE keeps it: its ACK still finds it.
                    st.setApplicationData(null);
                }
            }
            return null;
        });
    }

    /** Sends a response statelessly to the next Via (a 2xx retransmission a proxy relays). */
    public void forwardStatelessly(SipServletResponseImpl response) throws IOException {
        outbound.sendStateless(response.connector(), response.jainResponse());
        counters.replyForwardedStatelessly();
    }

    /** Sends a CANCEL for a forwarded INVITE that got a provisional response (RFC 3261 9.1). */
    public void cancel(SipServletRequestImpl invite, String reason) throws IOException {
        ClientTransaction ct = invite.transaction().clientTransaction();
        if (ct == null) {
            throw new IOException("the INVITE was not sent on a client transaction");
        }
        outbound.cancel(invite.connector(), ct, reason);
    }

    /** Sends again the ACK of a 2xx that was retransmitted (our ACK was lost). */
    public void resendAck(SipServletResponseImpl ok) {
        outbound.resendAck(ok.connector(), ok.jainResponse());
    }

    private static void inTurn(SipSessionImpl session, SerialExecutor.Call<Void, IOException> send)
            throws IOException {
        SerialExecutor turn = session == null ? null : session.applicationSession().executor();
        if (turn == null || turn.isInTurn()) {
            send.call();
        } else {
            turn.callInTurn(send);
        }
    }

    /** The transport to use for a new request: the top Route's, else the Request-URI's, else UDP. */
    private static String hostOf(SIPRequest request) {
        javax.sip.header.RouteHeader route = (javax.sip.header.RouteHeader) request.getHeader("Route");
        javax.sip.address.URI uri = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (uri instanceof javax.sip.address.SipURI sip) {
            return sip.getMAddrParam() != null ? sip.getMAddrParam() : sip.getHost();
        }
        return null;
    }

    private static String transportOf(SIPRequest request) {
        javax.sip.header.RouteHeader route = (javax.sip.header.RouteHeader) request.getHeader("Route");
        javax.sip.address.URI uri = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (uri instanceof javax.sip.address.SipURI sip) {
            String t = sip.getTransportParam();
            if (t != null) {
                return t.toLowerCase(java.util.Locale.ROOT);
            }
            if (sip.isSecure()) {
                return "tls";
            }
        }
        return "udp";
    }
}
