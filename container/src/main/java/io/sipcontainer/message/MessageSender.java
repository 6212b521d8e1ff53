package io.sipcontainer.message;

import java.io.IOException;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.dns.Destinations;
import io.sipcontainer.dns.TargetList;
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
    private final Destinations destinations;
    private final NoReplyTimer noReply;
    private final Flows flows = new Flows();

    public MessageSender(Outbound outbound, HeaderFactory headers, SendHook hook, SipCounters counters) {
        this(outbound, headers, hook, counters, null);
    }

    /** With RFC 3263 server location of next hops that name a host ({@code destinations} may be null: none). */
    public MessageSender(Outbound outbound, HeaderFactory headers, SendHook hook, SipCounters counters,
            Destinations destinations) {
        this(outbound, headers, hook, counters, destinations, NoReplyTimer.OFF);
    }

    /**
     * As above, and a request this server originates that has another target to fail over to
     * waits {@code noReply} ({@code tm.fr_timer}) for a first response from each target.
     */
    public MessageSender(Outbound outbound, HeaderFactory headers, SendHook hook, SipCounters counters,
            Destinations destinations, NoReplyTimer noReply) {
        this.noReply = noReply;
        this.outbound = outbound;
        this.headers = headers;
        this.hook = hook;
        this.counters = counters;
        this.destinations = destinations;
        if (outbound != null) {
            outbound.watchConnections(flows);
        }
    }

    /** The RFC 5626 flows of this server and their listeners. */
    public Flows flows() {
        return flows;
    }

    /** The socket to send a new request through for a transport, e.g. "udp". */
    public Connector connectorFor(String transport) {
        return outbound.connectorFor(transport);
    }

    /**
     * The socket a request will leave through. When its next hop (top Route, else Request-URI)
     * names a host, RFC 3263 server location picks the target first (kept on the request for
     * failover) and the socket is that target's transport's and address family's; otherwise the
     * transport of the URI, and the address family of its host when that is an IP literal.
     */
    public Connector connectorForNextHop(SipServletRequestImpl request) throws IOException {
        TargetList targets = targetsOf(request);
        if (targets != null) {
            return connectorFor(targets.current());
        }
        SIPRequest jain = request.jainRequest();
        String host = hostOf(jain);
        return outbound.connectorFor(transportOf(jain), host).toward(host);
    }

    /** The socket for an RFC 3263 target: its transport's, of its address's family (as seen from the target). */
    private Connector connectorFor(io.sipcontainer.dns.Target target) {
        return outbound.connectorFor(target.transport(), target.address()).toward(target.address());
    }

    /** Resolves the request's next hop once; null when it is an address, a CANCEL, or DNS had no answer. */
    private TargetList targetsOf(SipServletRequestImpl request) throws IOException {
        if (request.targets() == null && !request.isIncoming() && request.sipSession() != null
                && request.sipSession().getFlow() instanceof FlowImpl flow) {
            // RFC 5626 5.3: a request of a session pinned to a flow goes over that flow
            request.setTargets(TargetList.pinned(new io.sipcontainer.dns.Target(
                    flow.remote().getAddress().getHostAddress(), flow.remote().getPort(),
                    flow.getTransport().toLowerCase(java.util.Locale.ROOT))));
        }
        if (request.targets() != null || destinations == null) {
            return request.targets();
        }
        SIPRequest jain = request.jainRequest();
        if ("CANCEL".equals(jain.getMethod())) {
            return null; // the stack sends a CANCEL where its INVITE went (RFC 3261 9.1)
        }
        javax.sip.header.RouteHeader route = (javax.sip.header.RouteHeader) jain.getHeader("Route");
        javax.sip.address.URI uri = route != null ? route.getAddress().getURI() : jain.getRequestURI();
        if (!(uri instanceof javax.sip.address.SipURI sip)) {
            return null;
        }
        TargetList targets = destinations.resolve(sip.getHost(), Math.max(sip.getPort(), 0), sip.getTransportParam(),
                sip.isSecure());
        request.setTargets(targets);
        return targets;
    }

    /**
     * Sends a request a proxy relays again, to its next RFC 3263 target, after the current one
     * answered 503 or did not answer in time (RFC 3263 4.3: a new client transaction with a new Via
     * branch). False when the request has no next target (or failover is off): nothing was sent.
     */
    public boolean failOver(SipServletRequestImpl request) throws IOException {
        return failOver(request, true);
    }

    /**
     * As {@link #failOver(SipServletRequestImpl)}, for a request a proxy relays ({@code relayed}: the
     * new Via branch keeps the loop-detection part) or one this server originates (a UAC request, a
     * B2BUA leg: the stack makes the new branch).
     */
    public boolean failOver(SipServletRequestImpl request, boolean relayed) throws IOException {
        TargetList targets = request.targets();
        if (targets == null || !targets.failedOver()) {
            return false;
        }
        SIPRequest jain = request.jainRequest();
        ViaHeader old = jain.getTopmostVia();
        String branch = old.getBranch();
        jain.removeFirst("Via");
        ClientTransaction abandoned = request.transaction().clientTransaction();
        if (abandoned != null) {
            if (request.sipSession() != null) {
                request.sipSession().transactionEnded(abandoned.getBranchId()); // its end reaches no one now
            }
            abandoned.setApplicationData(null); // late answers of the abandoned target reach no one
            try {
                abandoned.terminate(); // no more retransmissions of this (shared) request to the old target
            } catch (javax.sip.ObjectInUseException e) {
                // already over
            }
        }
        jain.setTransaction(null); // the stack refuses a request still tied to a transaction
        Connector c = connectorFor(targets.current());
        request.transaction().retargeted(request.connector(), c);
        request.setConnector(c);
        addVia(jain, c, relayed ? nextBranch(branch) : null);
        counters.clientTransactionCreated(relayed);
        sendToTargets(request, jain, c, relayed);
        return true;
    }

    /** A fresh branch for a retry that keeps the loop-detection part of a proxy's branch (before the last '.'). */
    private static String nextBranch(String branch) {
        int dot = branch == null ? -1 : branch.lastIndexOf('.');
        String random = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
        return dot > 0 ? branch.substring(0, dot + 1) + random : null;
    }

    private void addVia(SIPRequest jain, Connector c, String branch) throws IOException {
        try {
            ViaHeader via = headers.createViaHeader(c.advertisedHost(), c.advertisedPort(), c.transport(), branch);
            if (!c.isReliable()) {
                via.setRPort();
            }
            jain.addFirst(via);
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException | javax.sip.SipException e) {
            throw new IOException("cannot send " + jain.getMethod() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the client transaction and sends; when the send fails at once (a TCP connection
     * refused) and the request has another RFC 3263 target, tries that one with a new Via branch.
     */
    private void sendToTargets(SipServletRequestImpl request, SIPRequest jain, Connector c, boolean relayed)
            throws IOException {
        while (true) {
            TargetList targets = request.targets();
            if (targets != null) {
                jain.setApplicationData(targets.current()); // read by the stack's router (stack.ResolvedHopRouter)
            }
            try {
                TransactionRecord record = request.transaction();
                ClientTransaction ct = outbound.newClientTransaction(c, jain, record);
                record.attach(ct);
                SipSessionImpl session = request.sipSession();
                if (session != null) {
                    session.transactionStarted(ct.getBranchId());
                }
                outbound.send(ct);
                if (!relayed && targets != null && targets.hasNext()) {
                    noReply.arm(record, ct); // a proxy's branch has its own timer (ProxyBranchImpl)
                }
                return;
            } catch (IOException e) {
                if (targets == null || !targets.failedOver()) {
                    throw e;
                }
                String branch = jain.getTopmostVia().getBranch();
                jain.removeFirst("Via");
                jain.setTransaction(null);
                Connector previous = c;
                c = connectorFor(targets.current());
                request.transaction().retargeted(previous, c);
                request.setConnector(c);
                addVia(jain, c, relayed ? nextBranch(branch) : null);
            }
        }
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
        TargetList targets = targetsOf(request);
        if (c == null || (targets != null && !c.transport().equalsIgnoreCase(targets.current().transport()))) {
            c = targets != null ? connectorFor(targets.current()) : connectorForNextHop(request);
            request.setConnector(c);
        } else if (io.sipcontainer.transport.LocalRoutes.isWildcard(c.advertisedHost())) {
            // a wildcard socket chosen earlier (an application's request): advertise what the next hop reaches
            c = c.toward(targets != null ? targets.current().address() : hostOf(jain));
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
            if (request.targets() != null) {
                jain.setApplicationData(request.targets().current());
            }
            outbound.sendAck(c, jain, !relayed);
            if (relayed) {
                counters.statelessRequestForwarded();
            }
            return null;
        }
        counters.clientTransactionCreated(relayed);
        sendToTargets(request, jain, c, relayed);
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
                long nanos = request.transaction().firstFinalResponseNanos();
                if (nanos >= 0) {
                    counters.finalResponseSent(request.getMethod(), nanos);
                }
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

    /**
     * The first provisional response to a request: an INVITE this server sent itself (not one a
     * proxy relays, whose branch has its own timers) waits {@code tm.fr_inv_timer} for its final one.
     */
    public void provisionalArrived(TransactionRecord record) {
        SipServletRequestImpl request = record.request();
        if (!record.isProxied() && !request.isIncoming() && "INVITE".equals(request.getMethod())) {
            noReply.armRinging(record, record.clientTransaction());
        }
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
