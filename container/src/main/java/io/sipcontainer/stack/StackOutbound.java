package io.sipcontainer.stack;

import java.io.IOException;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Outbound;

/**
 * Sends through JAIN-SIP: requests on new client transactions of the connector's provider,
 * responses on their server transaction, ACKs and relayed 2xx statelessly, and the UAS side of
 * the 2xx/ACK handshake (see {@link InviteAckTracker}) and of reliable provisional responses
 * ({@link ReliableProvisionalTracker}).
 */
final class StackOutbound implements Outbound {
    private final SipStackBridge bridge;
    private final InviteAckTracker acks;
    private final ReliableProvisionalTracker reliable;

    StackOutbound(SipStackBridge bridge, InviteAckTracker acks, ReliableProvisionalTracker reliable) {
        this.bridge = bridge;
        this.acks = acks;
        this.reliable = reliable;
    }

    @Override
    public void watchConnections(io.sipcontainer.transport.ConnectionWatch watch) {
        ClosedConnections.register(bridge.stackName(), watch);
    }

    @Override
    public Connector connectorFor(String transport) {
        return bridge.connectorFor(transport);
    }

    @Override
    public Connector connectorFor(String transport, String host) {
        return bridge.connectorFor(transport, host);
    }

    @Override
    public ClientTransaction newClientTransaction(Connector via, SIPRequest request, Object data)
            throws IOException {
        try {
            ClientTransaction ct = via.provider().getNewClientTransaction(request);
            ct.setApplicationData(data);
            return ct;
        } catch (Exception e) {
            throw new IOException("cannot send " + request.getMethod() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void send(ClientTransaction ct) throws IOException {
        try {
            ct.sendRequest();
        } catch (Exception e) {
            throw new IOException("cannot send " + ct.getRequest().getMethod() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(Connector via, ClientTransaction invite, String reason) throws IOException {
        try {
            SIPRequest cancel = (SIPRequest) invite.createCancel();
            if (reason != null) {
                cancel.addHeader(bridge.headerFactory().createHeader("Reason", reason));
            }
            if (invite.getRequest() instanceof SIPRequest sent && sent.getApplicationData() instanceof javax.sip.address.Hop hop) {
                cancel.setApplicationData(hop); // where its INVITE went (RFC 3261 9.1), not a new lookup
            }
            via.provider().getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            throw new IOException("cannot send CANCEL: " + e.getMessage(), e);
        }
    }

    @Override
    public void sendAck(Connector via, SIPRequest ack, boolean ours) throws IOException {
        try {
            via.provider().sendRequest(ack);
        } catch (Exception e) {
            throw new IOException("cannot send ACK: " + e.getMessage(), e);
        }
        if (ours) {
            acks.ackSent(ack);
        }
    }

    @Override
    public void respond(Connector via, ServerTransaction st, SIPResponse response, boolean untilAcked)
            throws IOException {
        try {
            if (st == null) {
                via.provider().sendResponse(response);
                return;
            }
            if (untilAcked) {
                // armed before sending: the ACK may arrive before this thread gets back here
                Object data = st.getApplicationData();
                acks.okSent(response, via, () -> bridge.ackTimedOut(data));
            }
            st.sendResponse(response);
        } catch (Exception e) {
            throw new IOException("cannot send " + response.getStatusCode() + " for " + response.getCSeq().getMethod()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void respondReliably(Connector via, ServerTransaction st, SIPResponse response, long rseq,
            Runnable unacknowledged) throws IOException {
        // armed before sending: the PRACK may arrive before this thread gets back here
        reliable.sent(response, via, rseq, unacknowledged);
        respond(via, st, response, false);
    }

    @Override
    public void prackReceived(String callId, String toTag, long rseq) {
        reliable.prackReceived(callId, toTag, rseq);
    }

    @Override
    public void sendStateless(Connector via, SIPResponse response) throws IOException {
        try {
            via.provider().sendResponse(response);
        } catch (Exception e) {
            throw new IOException("cannot forward " + response.getStatusCode() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean resendAck(Connector via, SIPResponse ok) {
        return acks.resend(ok, via);
    }
}
