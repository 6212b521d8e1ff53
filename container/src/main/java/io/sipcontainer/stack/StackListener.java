package io.sipcontainer.stack;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.MaxForwardsHeader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.stats.SipCounters;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Inbound;
import io.sipcontainer.util.SerialExecutor;

/**
 * Turns JAIN-SIP events into calls on {@link Inbound}: a received request gets its server
 * transaction (retransmissions are absorbed by the stack), an ACK stops the retransmission of
 * the 2xx it acknowledges, and a response no transaction wants is dealt with here, statelessly:
 * the ACK sent again for a retransmitted 2xx, or a 2xx a proxy relayed passed on upstream.
 */
final class StackListener implements SipListenerExt {
    private static final Logger LOG = LoggerFactory.getLogger(StackListener.class);

    private final SipStackBridge bridge;
    private final InviteAckTracker acks;
    private final Inbound inbound;
    private final SipCounters counters;

    StackListener(SipStackBridge bridge, InviteAckTracker acks, Inbound inbound, SipCounters counters) {
        this.bridge = bridge;
        this.acks = acks;
        this.inbound = inbound;
        this.counters = counters;
    }

    /**
     * The RI refuses to create a transaction for a request without Max-Forwards ("Missing a required
     * header"), and the request was then dropped without a word. RFC 3261 8.1.1.6 asks for the header
     * but a server need not enforce it: the transaction is created with Max-Forwards 70 (what the
     * container forwards such a request with, {@code MaxForwards.DEFAULT}), and the request goes on as
     * received, so an application still sees it has none (the proxy inserts its configured value).
     */
    private static ServerTransaction newServerTransaction(SipProvider provider, SIPRequest jain) throws Exception {
        if (jain.getMaxForwards() != null) {
            return provider.getNewServerTransaction(jain);
        }
        jain.setMaxForwards(new MaxForwards(70));
        try {
            return provider.getNewServerTransaction(jain);
        } finally {
            jain.removeHeader(MaxForwardsHeader.NAME);
        }
    }

    /** On the stack's message thread, which runs the application's part in line when it can. */
    @Override
    public void processRequest(RequestEvent event) {
        SerialExecutor.allowingInline(() -> request(event));
    }

    private void request(RequestEvent event) {
        SIPRequest jain = (SIPRequest) event.getRequest();
        SipProvider provider = (SipProvider) event.getSource();
        Connector connector = bridge.connectorOf(provider, jain.getTopmostVia().getTransport());
        boolean ack = "ACK".equals(jain.getMethod());
        counters.requestReceived(jain.getMethod());
        ServerTransaction st = null;
        if (ack) {
            acks.ackReceived(jain.getCallId().getCallId(), jain.getToTag(), jain.getCSeq().getSeqNumber());
        } else {
            st = event.getServerTransaction();
            try {
                if (st == null) {
                    st = newServerTransaction(provider, jain);
                }
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission the stack matched late: the first copy is being handled
            } catch (Exception e) {
                LOG.debug("Cannot create a server transaction for {}: {}", jain.getMethod(), e.toString());
                return;
            }
            counters.serverTransactionCreated();
        }
        inbound.request(jain, st, connector);
    }

    /** As {@link #processRequest}. */
    @Override
    public void processResponse(ResponseEvent event) {
        SerialExecutor.allowingInline(() -> response(event));
    }

    private void response(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        SIPResponse jain = (SIPResponse) event.getResponse();
        SipProvider provider = (SipProvider) event.getSource();
        Object data = ct == null ? null : ct.getApplicationData();
        counters.replyReceived(jain.getStatusCode(), data == null || jain.getStatusCode() == 100);
        Connector connector = bridge.connectorOf(provider, jain.getTopmostVia().getTransport());
        if (data == null) {
            stray(jain, connector);
            return;
        }
        Object keep = inbound.response(jain, data, connector);
        if (keep != data) {
            ct.setApplicationData(keep);
        }
    }

    /**
     * A response no transaction wants (a retransmitted 2xx whose transaction ended, a late answer):
     * the ACK sent again, or a 2xx a proxy relayed passed on upstream; anything else is dropped.
     */
    void stray(SIPResponse jain, Connector connector) {
        if (!resendAck(jain, connector)) {
            relayStray2xx(jain, connector);
        }
    }

    /** A stray response {@link FrontValve} took before the stack's own search for its transaction. */
    void strayBeforeMatching(SIPResponse jain, Connector connector) {
        counters.replyReceived(jain.getStatusCode(), true);
        stray(jain, connector);
    }

    /** A retransmitted 2xx to INVITE means our ACK was lost: send it again. False when none was sent. */
    private boolean resendAck(SIPResponse response, Connector connector) {
        if (response.getStatusCode() / 100 != 2 || !"INVITE".equals(response.getCSeq().getMethod())) {
            return true;
        }
        return acks.resend(response, connector);
    }

    /**
     * A 2xx to INVITE that no transaction wants, with our Via on top and another below: a
     * retransmission (or a second fork's answer) of a call a proxy relayed. It goes upstream
     * statelessly (RFC 3261 16.7 step 10, RFC 6026).
     */
    private void relayStray2xx(SIPResponse response, Connector connector) {
        javax.sip.header.ViaHeader top = response.getTopmostViaHeader();
        if (top == null || response.getViaHeaders().size() < 2 || !isOurs(top)) {
            return;
        }
        SIPResponse copy = (SIPResponse) response.clone();
        copy.removeFirst("Via");
        try {
            connector.provider().sendResponse(copy);
        } catch (Exception e) {
            LOG.debug("Could not relay a stray 2xx: {}", e.toString());
        }
    }

    private boolean isOurs(javax.sip.header.ViaHeader via) {
        int port = via.getPort() > 0 ? via.getPort() : 5060;
        for (Connector c : bridge.connectors()) {
            if (port == c.advertisedPort() && via.getHost().equalsIgnoreCase(c.advertisedHost())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        Object data = ct == null ? null : ct.getApplicationData();
        if (data != null) {
            inbound.timeout(data);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        javax.sip.Transaction t = event.isServerTransaction() ? event.getServerTransaction()
                : event.getClientTransaction();
        counters.transactionTerminated(); // every transaction is ours; an answered one may have let go of its data
        Object data = t.getApplicationData();
        if (data != null) {
            inbound.transactionEnded(data, t.getBranchId());
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // the container keeps its own dialog state; JAIN-SIP dialogs are not used
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        // the container keeps its own dialog state; JAIN-SIP dialogs are not used
    }
}
