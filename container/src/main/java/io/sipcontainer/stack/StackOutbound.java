package io.sipcontainer.stack;

import java.io.IOException;
import java.util.List;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.header.ViaHeader;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.Outbound;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Sends the application's messages through JAIN-SIP: requests on new client transactions (ACK
 * statelessly), responses on the server transaction of their request, and keeps the session's
 * dialog state in step with what was sent.
 */
public final class StackOutbound implements Outbound {
    /** Looks at an application's request before it leaves; the dispatcher's composer plugs in here. */
    public interface SendHook {
        void beforeSend(SipServletRequestImpl request, Connector via);
    }

    private final SipStackBridge bridge;
    private final InviteAckTracker acks;
    private volatile SendHook hook;
    private volatile io.sipcontainer.stats.SipCounters counters;

    public StackOutbound(SipStackBridge bridge, java.util.concurrent.ScheduledExecutorService scheduler) {
        this.bridge = bridge;
        this.acks = new InviteAckTracker(scheduler);
    }

    InviteAckTracker acks() {
        return acks;
    }

    public void setSendHook(SendHook hook) {
        this.hook = hook;
    }

    public void setCounters(io.sipcontainer.stats.SipCounters counters) {
        this.counters = counters;
    }

    @Override
    public Connector connectorFor(String transport) {
        return bridge.connectorFor(transport);
    }

    @Override
    public void send(SipServletRequestImpl request) throws IOException {
        SIPRequest jain = request.jainRequest();
        Connector c = request.connector();
        if (c == null) {
            c = bridge.connectorFor(transportOf(jain));
            request.setConnector(c);
        }
        try {
            ViaHeader via = bridge.headerFactory().createViaHeader(c.advertisedHost(), c.advertisedPort(),
                    c.transport(), null);
            if (!c.isReliable()) {
                via.setRPort();
            }
            SendHook h = hook;
            if (h != null) {
                h.beforeSend(request, c);
            }
            if (!"CANCEL".equals(jain.getMethod()) || jain.getTopmostVia() == null) {
                // a CANCEL made from its INVITE's transaction keeps the INVITE's Via (RFC 3261 9.1)
                jain.addFirst(via);
            }
            DialogEvents.beforeRequestSent(request, c);
            request.applyHeaderForm();
            if ("ACK".equals(jain.getMethod())) {
                c.provider().sendRequest(jain);
                acks.ackSent(jain);
                return;
            }
            if (counters != null) {
                counters.clientTransactionCreated(false);
            }
            ClientTransaction ct = c.provider().getNewClientTransaction(jain);
            ct.setApplicationData(request);
            request.setClientTransaction(ct);
            SipSessionImpl session = request.sipSession();
            if (session != null) {
                session.transactionStarted(ct.getBranchId());
            }
            ct.sendRequest();
        } catch (Exception e) {
            throw new IOException("cannot send " + jain.getMethod() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void send(SipServletResponseImpl response) throws IOException {
        SipServletRequestImpl request = response.requestImpl();
        SIPResponse jain = response.jainResponse();
        ServerTransaction st = request.serverTransaction();
        try {
            DialogEvents.beforeResponseSent(response);
            response.applyHeaderForm();
            if (counters != null) {
                counters.replySent(jain.getStatusCode(), request.isProxied());
            }
            if (st != null) {
                if (jain.getStatusCode() / 100 == 2 && "INVITE".equals(request.getMethod()) && !request.isProxied()) {
                    // armed before sending: the ACK may arrive before this thread gets back here
                    acks.okSent(jain, response.connector());
                }
                st.sendResponse(jain);
            } else {
                response.connector().provider().sendResponse(jain);
            }
        } catch (Exception e) {
            throw new IOException("cannot send " + jain.getStatusCode() + " for " + request.getMethod()
                    + ": " + e.getMessage(), e);
        }
        if (jain.getStatusCode() >= 200 && st != null && request.sipSession() != null) {
            request.sipSession().transactionEnded(st.getBranchId());
        }
    }

    @Override
    public Connector connectorForNextHop(SipServletRequestImpl request) {
        return bridge.connectorFor(transportOf(request.jainRequest()));
    }

    @Override
    public void forward(SipServletRequestImpl request, String viaBranch) throws IOException {
        SIPRequest jain = request.jainRequest();
        Connector c = request.connector();
        if (c == null) {
            c = connectorForNextHop(request);
            request.setConnector(c);
        }
        try {
            ViaHeader via = bridge.headerFactory().createViaHeader(c.advertisedHost(), c.advertisedPort(),
                    c.transport(), viaBranch);
            if (!c.isReliable()) {
                via.setRPort();
            }
            SendHook h = hook;
            if (h != null && request.isInitial()) {
                h.beforeSend(request, c);
            }
            jain.addFirst(via);
            if ("ACK".equals(jain.getMethod())) {
                c.provider().sendRequest(jain);
                if (counters != null) {
                    counters.statelessRequestForwarded();
                }
                return;
            }
            if (counters != null) {
                counters.clientTransactionCreated(true);
            }
            ClientTransaction ct = c.provider().getNewClientTransaction(jain);
            ct.setApplicationData(request);
            request.setClientTransaction(ct);
            SipSessionImpl session = request.sipSession();
            if (session != null) {
                session.transactionStarted(ct.getBranchId());
            }
            ct.sendRequest();
        } catch (Exception e) {
            throw new IOException("cannot forward " + jain.getMethod() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(SipServletRequestImpl invite, String reason) throws IOException {
        ClientTransaction ct = invite.clientTransaction();
        if (ct == null) {
            throw new IOException("the INVITE was not sent on a client transaction");
        }
        try {
            SIPRequest cancel = (SIPRequest) ct.createCancel();
            if (reason != null) {
                cancel.addHeader(bridge.headerFactory().createHeader("Reason", reason));
            }
            invite.connector().provider().getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            throw new IOException("cannot send CANCEL: " + e.getMessage(), e);
        }
    }

    @Override
    public void forwardStatelessly(SipServletResponseImpl response) throws IOException {
        try {
            response.connector().provider().sendResponse(response.jainResponse());
            if (counters != null) {
                counters.replyForwardedStatelessly();
            }
        } catch (Exception e) {
            throw new IOException("cannot forward " + response.getStatus() + ": " + e.getMessage(), e);
        }
    }

    /** The transport to use for a new request: the top Route's, else the Request-URI's, else UDP. */
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

    /** For tests and administration: the bound sockets. */
    public List<Connector> connectors() {
        return bridge.connectors();
    }
}
