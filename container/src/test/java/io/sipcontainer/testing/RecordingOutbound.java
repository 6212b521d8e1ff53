package io.sipcontainer.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.TransactionState;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Outbound;

/**
 * An {@link Outbound} with no stack behind it, for unit tests above the transport: it records
 * every request and response the container puts on the wire, in order, and hands out client
 * transactions that keep their application data, so a test can play the network and answer
 * them through the container's {@code Inbound}.
 */
public final class RecordingOutbound implements Outbound {
    /** Requests sent, in order: those of client transactions, CANCELs and ACKs. */
    public final List<SIPRequest> requests = new CopyOnWriteArrayList<>();
    /** Responses sent, statefully or not, in order. */
    public final List<SIPResponse> responses = new CopyOnWriteArrayList<>();
    /** The client transactions opened, in order. */
    public final List<ClientTransaction> transactions = new CopyOnWriteArrayList<>();
    private final Connector connector;

    public RecordingOutbound(Connector connector) {
        this.connector = connector;
    }

    @Override
    public Connector connectorFor(String transport) {
        return connector;
    }

    @Override
    public ClientTransaction newClientTransaction(Connector via, SIPRequest request, Object data) {
        ClientTransaction ct = clientTransaction(request);
        ct.setApplicationData(data);
        transactions.add(ct);
        return ct;
    }

    @Override
    public void send(ClientTransaction ct) {
        requests.add((SIPRequest) ct.getRequest());
    }

    @Override
    public void cancel(Connector via, ClientTransaction invite, String reason) throws java.io.IOException {
        try {
            SIPRequest cancel = ((SIPRequest) invite.getRequest()).createCancelRequest();
            if (reason != null) {
                cancel.setHeader(javax.sip.SipFactory.getInstance().createHeaderFactory().createHeader("Reason", reason));
            }
            requests.add(cancel);
        } catch (javax.sip.SipException | java.text.ParseException e) {
            throw new java.io.IOException(e);
        }
    }

    @Override
    public void sendAck(Connector via, SIPRequest ack, boolean ours) {
        requests.add(ack);
    }

    @Override
    public void respond(Connector via, ServerTransaction st, SIPResponse response, boolean untilAcked) {
        responses.add(response);
    }

    /** Records a reliable 1xx like any response; no retransmission here. */
    @Override
    public void respondReliably(Connector via, ServerTransaction st, SIPResponse response, long rseq,
            Runnable unacknowledged) {
        respond(via, st, response, false);
    }

    @Override
    public void prackReceived(String callId, String toTag, long rseq) {
    }

    @Override
    public void sendStateless(Connector via, SIPResponse response) {
        responses.add(response);
    }

    @Override
    public boolean resendAck(Connector via, SIPResponse ok) {
        return false;
    }

    /** The last request sent with this method, or null. */
    public SIPRequest last(String method) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).getMethod().equals(method)) {
                return requests.get(i);
            }
        }
        return null;
    }

    /** The client transaction a request was sent on, or null (an ACK, a CANCEL). */
    public ClientTransaction transactionOf(SIPRequest request) {
        for (ClientTransaction ct : transactions) {
            if (ct.getRequest() == request) {
                return ct;
            }
        }
        return null;
    }

    /** A client transaction for a request that keeps its application data; no timers, no stack. */
    public static ClientTransaction clientTransaction(SIPRequest request) {
        return (ClientTransaction) fake(ClientTransaction.class, request);
    }

    /** A server transaction for a received request, keeping its application data; responses go nowhere. */
    public static ServerTransaction serverTransaction(SIPRequest request) {
        return (ServerTransaction) fake(ServerTransaction.class, request);
    }

    private static Object fake(Class<?> type, SIPRequest request) {
        Object[] data = new Object[1];
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "getRequest" -> request;
            case "getBranchId" -> request.getTopmostVia() == null ? null : request.getTopmostVia().getBranch();
            case "getApplicationData" -> data[0];
            case "setApplicationData" -> {
                data[0] = args[0];
                yield null;
            }
            case "getState" -> TransactionState.PROCEEDING;
            case "createCancel" -> request.createCancelRequest();
            case "createAck" -> request.createAckRequest(null);
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "fake " + type.getSimpleName() + " for " + request.getFirstLine().trim();
            default -> null;
        };
        return Proxy.newProxyInstance(RecordingOutbound.class.getClassLoader(), new Class<?>[] {type}, h);
    }
}
