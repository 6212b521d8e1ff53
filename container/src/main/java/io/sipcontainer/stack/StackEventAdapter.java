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

    public StackEventAdapter(SipStackBridge bridge, MessageServices services, SipHandler handler,
            StackOutbound outbound) {
        this.bridge = bridge;
        this.services = services;
        this.handler = handler;
        this.acks = outbound.acks();
    }

    @Override
    public void processRequest(RequestEvent event) {
        SIPRequest jain = (SIPRequest) event.getRequest();
        SipProvider provider = (SipProvider) event.getSource();
        Connector connector = bridge.connectorOf(provider, jain.getTopmostVia().getTransport());
        SipServletRequestImpl request = new SipServletRequestImpl(jain, services, null, connector, true);
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
        }
        handler.handleRequest(request);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        SIPResponse jain = (SIPResponse) event.getResponse();
        if (ct == null || !(ct.getApplicationData() instanceof SipServletRequestImpl request)) {
            resendAck(jain, (SipProvider) event.getSource());
            return; // otherwise a stray or retransmitted final response: nothing is waiting for it
        }
        handler.handleResponse(new SipServletResponseImpl(jain, services, request.sipSession(),
                request.connector(), request, true));
    }

    /** A retransmitted 2xx to INVITE means our ACK was lost: send it again. */
    private void resendAck(SIPResponse response, SipProvider provider) {
        if (response.getStatusCode() / 100 != 2 || !"INVITE".equals(response.getCSeq().getMethod())) {
            return;
        }
        SIPRequest ack = acks.ackFor(response);
        if (ack != null) {
            try {
                provider.sendRequest(ack);
            } catch (Exception e) {
                LOG.debug("Could not resend ACK: {}", e.toString());
            }
        }
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
