package io.sipcontainer.message;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.Transaction;

import jakarta.servlet.sip.Proxy;
import jakarta.servlet.sip.ProxyBranch;

/**
 * What the container keeps about one transaction besides its request: the JAIN-SIP transaction,
 * the responses it saw, and the role the request plays (proxied, a B2BUA leg, relayed in a
 * proxied dialog) with the links that role needs. It is the JAIN-SIP transaction's application
 * data, so everything the stack reports about a transaction leads here, and through
 * {@link #request()} to the application's view of the request. A request is either received
 * (server side) or sent (client side), so only one half of the links is ever set.
 *
 * <p>Like the rest of a session's state, a record is changed on its application session's serial
 * executor; the fields read from stack threads (the responses, the role) are volatile.
 */
public final class TransactionRecord {
    private final SipServletRequestImpl request;
    private Transaction transaction;
    private volatile SipServletResponseImpl lastProvisional;
    private volatile SipServletResponseImpl finalResponse;

    // a received request: what the application made of it
    private volatile Proxy proxy;
    private volatile boolean b2bua;
    private boolean relayedInDialog;

    // a sent request: why it was sent
    private ProxyBranch branch;
    private SipServletRequestImpl upstream;

    /** A sent request: who gets its final response instead of a session (a container part's own request). */
    private volatile java.util.function.Consumer<SipServletResponseImpl> observer;

    /** Either side: the request of the other leg a B2BUA linked to this one. */
    private volatile SipServletRequestImpl linked;

    /** The application session a received request was handed to, known before its servlet runs. */
    private volatile io.sipcontainer.session.SipApplicationSessionImpl owner;

    /** RFC 3262 RSeq: the last one sent (received request) or accepted (sent request); 0 before any. */
    private long rseq;

    /** A received request: {@link System#nanoTime()} when it arrived, 0 once its first final response left. */
    private long receivedNanos;

    /** A sent request: some response (a 100 Trying too) came from its current target. */
    private volatile boolean heard;
    /** A sent INVITE: its first provisional response arrived (fr_inv_timer runs from then). */
    private boolean ringing;
    /** A sent request: its {@link NoReplyTimer} wait for a first response, stopped by any response. */
    private volatile java.util.concurrent.Future<?> noReplyWait;
    /** A sent INVITE: its {@link NoReplyTimer} wait for a final response after a 1xx, stopped by that. */
    private volatile java.util.concurrent.Future<?> ringingWait;

    TransactionRecord(SipServletRequestImpl request) {
        this.request = request;
    }

    /** What a proxy rewrites when its relayed request moves to a socket of another transport. */
    private volatile java.util.function.BiConsumer<io.sipcontainer.transport.Connector,
            io.sipcontainer.transport.Connector> onRetarget;

    /**
     * Runs {@code hook} with the old and the new socket when a failover (RFC 3263) sends the
     * request through another socket than the one it was prepared for: a proxy's Record-Route names
     * the socket the request leaves through, so it must follow.
     */
    public void onRetarget(java.util.function.BiConsumer<io.sipcontainer.transport.Connector,
            io.sipcontainer.transport.Connector> hook) {
        this.onRetarget = hook;
    }

    void retargeted(io.sipcontainer.transport.Connector from, io.sipcontainer.transport.Connector to) {
        var hook = onRetarget;
        if (hook != null && from != null && from != to) {
            hook.accept(from, to);
        }
    }

    /** The application's view of the request that opened the transaction. */
    public SipServletRequestImpl request() {
        return request;
    }

    /** Attaches the server transaction of a received request, and this record to it; its clock starts. */
    public void attach(ServerTransaction st) {
        receivedNanos = System.nanoTime();
        transaction = st;
        st.setApplicationData(this);
    }

    void attach(ClientTransaction ct) {
        heard = false; // a new target (failover) has said nothing yet
        synchronized (this) {
            ringing = false;
        }
        transaction = ct;
    }

    /** The server transaction of a received request; null for an ACK or a request sent. */
    public ServerTransaction serverTransaction() {
        return transaction instanceof ServerTransaction st ? st : null;
    }

    /** The client transaction of a sent request; null before it is sent, and for an ACK. */
    public ClientTransaction clientTransaction() {
        return transaction instanceof ClientTransaction ct ? ct : null;
    }

    // --- responses ------------------------------------------------------------------------------

    /** The last provisional response sent (received request) or received (sent request). */
    public SipServletResponseImpl lastProvisional() {
        return lastProvisional;
    }

    /** The final response sent or received; null while the transaction waits for one. */
    public SipServletResponseImpl finalResponse() {
        return finalResponse;
    }

    public boolean isAnswered() {
        return finalResponse != null;
    }

    /**
     * A response with {@code status} (any, 100 Trying included) came back for this sent request,
     * noted on the stack thread before it is handled: its target is alive, so {@code tm.fr_timer}
     * no longer applies, nor, for a final response, {@code tm.fr_inv_timer}.
     */
    public void markHeard(int status) {
        heard = true;
        noReplyWait = cancel(noReplyWait); // nothing to wait for: the timer lets go of this record now
        if (status >= 200) {
            ringingWait = cancel(ringingWait);
        }
    }

    private static java.util.concurrent.Future<?> cancel(java.util.concurrent.Future<?> wait) {
        if (wait != null) {
            wait.cancel(false);
        }
        return null;
    }

    /** True the first time a provisional response is noted for the current transaction, false after. */
    public synchronized boolean markRinging() {
        if (ringing) {
            return false;
        }
        ringing = true;
        return true;
    }

    /** The {@link NoReplyTimer} wait for a first response of the request's current transaction. */
    void noReplyWait(java.util.concurrent.Future<?> wait) {
        noReplyWait = wait;
    }

    /** The {@link NoReplyTimer} wait for the final response of the INVITE's current transaction. */
    void ringingWait(java.util.concurrent.Future<?> wait) {
        ringingWait = wait;
    }

    /** Whether {@link #markHeard} was called since the request was last sent to a new target. */
    public boolean isHeard() {
        return heard;
    }

    /**
     * Notes a response that arrived for a request sent, on the stack thread that received it;
     * false for a 2xx with the To tag of the 2xx already noted, a retransmission (a 2xx with
     * another To tag is a second fork's answer). 100 Trying changes nothing.
     */
    public boolean arrived(SipServletResponseImpl response) {
        int status = response.getStatus();
        SipServletResponseImpl previous = finalResponse;
        if (status / 100 == 2 && previous != null && previous.isIncoming() && previous.getStatus() / 100 == 2
                && java.util.Objects.equals(previous.jainResponse().getToTag(), response.jainResponse().getToTag())) {
            return false;
        }
        if (status > 100) {
            responded(response);
        }
        return true;
    }

    /**
     * The RSeq of the next reliable provisional response sent for a received request: a random
     * start between 1 and 2**31-1, then one more each time (RFC 3262 section 3).
     */
    synchronized long nextRSeq() {
        rseq = rseq == 0 ? 1 + java.util.concurrent.ThreadLocalRandom.current().nextLong((1L << 31) - 2) : rseq + 1;
        return rseq;
    }

    /**
     * Whether a reliable provisional response that arrived for a sent request is new: the first
     * one, or one RSeq above the last accepted. A retransmission, or one out of order, is not
     * processed further (RFC 3262 section 4).
     */
    synchronized boolean acceptRSeq(long received) {
        if (rseq != 0 && received != rseq + 1) {
            return false;
        }
        rseq = received;
        return true;
    }

    /** A response left or arrived: a final one answers the transaction. */
    void responded(SipServletResponseImpl response) {
        if (response.getStatus() >= 200) {
            finalResponse = response;
        } else {
            lastProvisional = response;
        }
    }

    // --- role of a received request -------------------------------------------------------------

    public Proxy proxy() {
        return proxy;
    }

    void setProxy(Proxy proxy) {
        this.proxy = proxy;
    }

    /** True once the application asked for the B2BUA helper on this request: it may not proxy it. */
    public boolean isB2bua() {
        return b2bua;
    }

    void markB2bua() {
        b2bua = true;
    }

    /** Marks an in-dialog request the container routes on for a record-routing proxy. */
    public void markRelayedInDialog() {
        relayedInDialog = true;
    }

    /** True when the container relays this received request (proxied, or routed in a proxied dialog). */
    public boolean isProxied() {
        return proxy != null || relayedInDialog;
    }

    /**
     * The application session a received request was handed to: set on the stack thread when the
     * request is routed, before its SIP session exists, so a CANCEL that overtakes the INVITE's
     * servlet call still finds where to queue behind it.
     */
    public io.sipcontainer.session.SipApplicationSessionImpl owner() {
        return owner;
    }

    public void setOwner(io.sipcontainer.session.SipApplicationSessionImpl owner) {
        this.owner = owner;
    }

    // --- links of a sent request ----------------------------------------------------------------

    /** For a request sent on a proxy branch: the branch. */
    public ProxyBranch branch() {
        return branch;
    }

    public void setBranch(ProxyBranch branch) {
        this.branch = branch;
    }

    /** For an in-dialog request a proxy relays: the request it received. */
    public SipServletRequestImpl upstream() {
        return upstream;
    }

    public void setUpstream(SipServletRequestImpl upstream) {
        this.upstream = upstream;
    }

    /** The request of the other leg a B2BUA linked to this one, or null. */
    public SipServletRequestImpl linked() {
        return linked;
    }

    public void setLinked(SipServletRequestImpl other) {
        linked = other;
    }

    /**
     * A request a container part sends outside any session (a dialog's BYE or keepalive OPTIONS):
     * its final response, or the 408 of its timeout, goes to {@code observer} on the stack thread.
     */
    public void observe(java.util.function.Consumer<SipServletResponseImpl> observer) {
        this.observer = observer;
    }

    /** Gives a final response to the observer; false when there is none (provisionals are taken and dropped). */
    public boolean notifyObserver(SipServletResponseImpl response) {
        java.util.function.Consumer<SipServletResponseImpl> o = observer;
        if (o == null) {
            return false;
        }
        if (response.getStatus() >= 200) {
            o.accept(response);
        }
        return true;
    }

    /**
     * The nanoseconds from the request's arrival to now, the first time a final response leaves for
     * it; -1 after that (a forked proxy relays more than one 2xx) or for a request not received.
     */
    long firstFinalResponseNanos() {
        long received = receivedNanos;
        if (received == 0) {
            return -1;
        }
        receivedNanos = 0;
        return System.nanoTime() - received;
    }
}
