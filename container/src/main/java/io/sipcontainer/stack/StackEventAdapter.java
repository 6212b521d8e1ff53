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
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.dispatch.SipHandler;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;

/**
 * Turns JAIN-SIP events into container messages: a received request gets its server
 * transaction (retransmissions are absorbed by the stack), a response is matched to the request
 * the application sent, and a transaction timeout becomes the 408 the application would see.
 */
public final class StackEventAdapter implements SipListenerExt {
    private static final Logger LOG = LoggerFactory.getLogger(StackEventAdapter.class);

    private final SipStackBridge bridge;
    private final MessageServices services;
    private final SipHandler handler;
    private final InviteAckTracker acks;
    private volatile io.sipcontainer.stats.SipCounters counters = null;

    public StackEventAdapter(SipStackBridge bridge, MessageServices services, SipHandler handler,
            StackOutbound outbound) {
        this.bridge = bridge;
        this.services = services;
        this.handler = handler;
        this.acks = outbound.acks();
    }

    public void setCounters(io.sipcontainer.stats.SipCounters counters) {
        this.counters = counters;
    }

    @Override
    public void processRequest(RequestEvent event) {
        SIPRequest jain = (SIPRequest) event.getRequest();
        SipProvider provider = (SipProvider) event.getSource();
        Connector connector = bridge.connectorOf(provider, jain.getTopmostVia().getTransport());
        SipServletRequestImpl request = new SipServletRequestImpl(jain, services, null, connector, true);
        io.sipcontainer.stats.SipCounters stats = counters;
        if (stats != null) {
            stats.requestReceived("ACK".equals(jain.getMethod()));
        }
        if ("ACK".equals(jain.getMethod())) {
            acks.ackReceived(jain.getCallId().getCallId(), jain.getToTag(), jain.getCSeq().getSeqNumber());
        } else {
            ServerTransaction st = event.getServerTransaction();
            try {
                if (st == null) {
                    st = provider.getNewServerTransaction(jain);
                }
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission the stack matched late: the first copy is being handled
            } catch (Exception e) {
                LOG.debug("Cannot create a server transaction for {}: {}", jain.getMethod(), e.toString());
                return;
            }
            st.setApplicationData(request);
            request.setServerTransaction(st);
            if (stats != null) {
                stats.serverTransactionCreated();
            }
        }
        handler.handleRequest(request);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        SIPResponse jain = (SIPResponse) event.getResponse();
        io.sipcontainer.stats.SipCounters stats = counters;
        if (stats != null) {
            boolean wanted = ct != null && ct.getApplicationData() instanceof SipServletRequestImpl;
            stats.replyReceived(!wanted || jain.getStatusCode() == 100);
        }
        if (ct == null || !(ct.getApplicationData() instanceof SipServletRequestImpl request)) {
            if (!resendAck(jain, (SipProvider) event.getSource())) {
                relayStray2xx(jain, (SipProvider) event.getSource());
            }
            return; // otherwise a stray or retransmitted final response: nothing is waiting for it
        }
        if (isRetransmitted2xx(request, jain)) {
            resendAck(jain, (SipProvider) event.getSource());
            return;
        }
        handler.handleResponse(new SipServletResponseImpl(jain, services, request.sipSession(),
                request.connector(), request, true));
    }

    /**
     * A 2xx to INVITE that the transaction still matches but whose request already has this final
     * response: a retransmission, never shown to the application again. A 2xx with another To tag
     * is a second fork's answer and goes on.
     */
    private static boolean isRetransmitted2xx(SipServletRequestImpl request, SIPResponse response) {
        if (response.getStatusCode() / 100 != 2 || !request.isFinalResponseSent()
                || !(request.getFinalResponse() instanceof SipServletResponseImpl previous) || !previous.isIncoming()) {
            return false;
        }
        return java.util.Objects.equals(previous.jainResponse().getToTag(), response.getToTag())
                && previous.getStatus() / 100 == 2;
    }

    /** A retransmitted 2xx to INVITE means our ACK was lost: send it again. */
    private boolean resendAck(SIPResponse response, SipProvider provider) {
        if (response.getStatusCode() / 100 != 2 || !"INVITE".equals(response.getCSeq().getMethod())) {
            return true;
        }
        SIPRequest ack = acks.ackFor(response);
        if (ack != null) {
            try {
                provider.sendRequest(ack);
            } catch (Exception e) {
                LOG.debug("Could not resend ACK: {}", e.toString());
            }
            return true;
        }
        return false;
    }

    /**
     * A 2xx to INVITE that no transaction wants, with our Via on top and another below: a
     * retransmission (or a second fork's answer) of a call a proxy relayed. It goes upstream
     * statelessly (RFC 3261 16.7 step 10, RFC 6026).
     */
    private void relayStray2xx(SIPResponse response, SipProvider provider) {
        javax.sip.header.ViaHeader top = response.getTopmostViaHeader();
        if (top == null || response.getViaHeaders().size() < 2 || !isOurs(top)) {
            return;
        }
        SIPResponse copy = (SIPResponse) response.clone();
        copy.removeFirst("Via");
        try {
            provider.sendResponse(copy);
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
        if (ct == null || !(ct.getApplicationData() instanceof SipServletRequestImpl request)) {
            return;
        }
        if ("ACK".equals(request.getMethod()) || request.isFinalResponseSent()) {
            return;
        }
        // RFC 3261 8.1.3.1: a transaction timeout is reported to the application as a 408
        SIPResponse timeout = request.jainRequest().createResponse(Response.REQUEST_TIMEOUT);
        handler.handleResponse(new SipServletResponseImpl(timeout, services, request.sipSession(),
                request.connector(), request, true));
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        io.sipcontainer.stats.SipCounters stats = counters;
        if (stats != null && (event.isServerTransaction()
                ? event.getServerTransaction().getApplicationData() != null
                : event.getClientTransaction().getApplicationData() != null)) {
            stats.transactionTerminated();
        }
        if (event.isServerTransaction()) {
            ServerTransaction st = event.getServerTransaction();
            if (st.getApplicationData() instanceof SipServletRequestImpl r && r.sipSession() != null) {
                r.sipSession().transactionEnded(st.getBranchId());
            }
        } else {
            ClientTransaction ct = event.getClientTransaction();
            if (ct.getApplicationData() instanceof SipServletRequestImpl r && r.sipSession() != null) {
                r.sipSession().transactionEnded(ct.getBranchId());
            }
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
