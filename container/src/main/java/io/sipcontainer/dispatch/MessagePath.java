package io.sipcontainer.dispatch;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sip.ServerTransaction;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import jakarta.servlet.sip.SipErrorEvent;
import jakarta.servlet.sip.SipErrorListener;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.ReliableProvisionals;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.message.Tags;
import io.sipcontainer.message.TransactionRecord;
import io.sipcontainer.proxy.ProxyService;
import io.sipcontainer.proxy.ServletRunner;
import io.sipcontainer.session.ListenerCalls;
import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.transport.Inbound;

/**
 * The way every received message goes, in one place. The stack bridge calls this on its own
 * threads; each message is wrapped as the application sees it and passed along a short chain of
 * handlers, the first that takes it ending the walk:
 *
 * <pre>
 * request ─▶ CANCEL ─▶ dialog a proxy record-routed ─▶ dialog of ours ─▶ draining? 503 ─▶ loop? 482 ─▶ initial
 *            (200, then 487/doCancel)  (pop Route, relay)   (session's servlet)                        (router picks app)
 *
 * response ─▶ a container part's own request ─▶ a proxy's branch or relayed request ─▶ retransmitted 2xx? ACK again
 *          ─▶ retransmitted reliable 1xx? dropped ─▶ the session that sent it
 * </pre>
 *
 * <p><b>Concurrency rule.</b> On the stack thread a handler only reads: it finds the session
 * (through the session store) and the application. Everything that changes session state (the
 * dialog state, the session's messages, a new SIP session, Route popping of a relayed request)
 * runs on the serial executor of the application session, one task at a time, in arrival order.
 * Transaction state (the responses a transaction saw) is kept by its {@link TransactionRecord},
 * written on the stack thread that received the response, so a retransmission is recognised
 * before any application code runs.
 */
public final class MessagePath implements Inbound {
    private final MessageServices services;
    private final ProxyService proxies;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final List<RequestHandler> requests;
    private final List<ResponseHandler> responses;
    private final ApplicationInvoker invoker;
    private final AppFailover failover;

    public MessagePath(MessageServices services, ProxyService proxies, SessionLookup sessions,
            ApplicationSelector selector, ApplicationComposer composer) {
        this.services = services;
        this.proxies = proxies;
        ApplicationInvoker invoker = new ApplicationInvoker();
        this.invoker = invoker;
        this.failover = new AppFailover(invoker);
        this.requests = List.of(
                new CancelHandler(invoker, proxies),
                request -> request.jainRequest().getToTag() != null && proxies.routeSubsequent(request),
                new SubsequentRequestHandler(sessions, invoker),
                this::refuseWhileDraining,
                this::refuseLoop,
                new InitialRequestHandler(selector, composer, invoker, sessions));
        this.responses = List.of(
                response -> response.requestImpl().transaction().notifyObserver(response),
                proxies::handleResponse,
                this::failOverOn503,
                this::absorbRetransmitted2xx,
                response -> !ReliableProvisionals.arrived(response),
                new SessionResponseHandler(invoker));
    }

    /** How proxies reach applications: serialized on the application session, servlets called in line. */
    public static ServletRunner servletRunner() {
        return new InvokerServletRunner(new ApplicationInvoker());
    }

    @Override
    public void request(SIPRequest jain, ServerTransaction st, Connector via) {
        if (io.sipcontainer.transport.LocalRoutes.isWildcard(via.advertisedHost()) && jain.getRemoteAddress() != null) {
            via = via.toward(jain.getRemoteAddress().getHostAddress()); // a wildcard socket: what the sender reaches
        }
        SipServletRequestImpl request = new SipServletRequestImpl(jain, services, null, via, true);
        if (st != null) {
            request.transaction().attach(st);
        }
        for (RequestHandler handler : requests) {
            if (handler.handle(request)) {
                return;
            }
        }
    }

    @Override
    public Object response(SIPResponse jain, Object data, Connector via) {
        if (!(data instanceof TransactionRecord record)) {
            return data;
        }
        SipServletRequestImpl request = record.request();
        int code = jain.getStatusCode();
        record.markHeard(code);
        if (code < 200 && !record.isProxied() && record.markRinging()) {
            services.sender().provisionalArrived(record); // tm.fr_inv_timer from here
        }
        handle(new SipServletResponseImpl(jain, services, request.sipSession(), request.connector(), request, true));
        int status = jain.getStatusCode();
        // a final response ends what the transaction delivers to us, except a 2xx to INVITE, after
        // which another fork's 2xx may still arrive for the application; the session alone stays,
        // to hear when the transaction ends
        boolean done = status >= 300 || (status >= 200 && !"INVITE".equals(request.getMethod()));
        return done ? new EndedClientTransaction(request.sipSession()) : data;
    }

    /** What an answered client transaction still carries: the session that waits for its end. */
    private record EndedClientTransaction(SipSessionImpl session) {
    }

    @Override
    public void timeout(Object data) {
        if (!(data instanceof TransactionRecord record)) {
            return;
        }
        SipServletRequestImpl request = record.request();
        if ("ACK".equals(request.getMethod()) || record.isAnswered()) {
            return;
        }
        // RFC 3261 8.1.3.1: a transaction timeout is reported to the application as a 408, unless
        // the request has another DNS target to go to (RFC 3263 4.3)
        SIPResponse timeout = timeoutResponse(request.jainRequest());
        SipServletResponseImpl response = new SipServletResponseImpl(timeout, services, request.sipSession(),
                request.connector(), request, true);
        response.markTransactionTimeout();
        if (!failover.tryNextTarget(request, () -> handle(response))) {
            handle(response);
        }
    }

    /**
     * {@code tm.fr_timer} ran out for {@code ct}, the transaction of a request an application sent,
     * with nothing heard from its target: the request goes to its next DNS target now
     * ({@link AppFailover}) rather than after the stack's 32 s. When it cannot, nothing changes: the
     * stack's own timeout later brings the application its 408.
     */
    public void silent(TransactionRecord record, javax.sip.ClientTransaction ct) {
        failover.tryNextTarget(record.request(),
                () -> record.clientTransaction() == ct && !record.isHeard() && !record.isAnswered(), () -> { });
    }

    /**
     * {@code tm.fr_inv_timer} ran out for {@code ct}, an INVITE an application sent that rang without
     * a final response: the server cancels it (Reason: 408, as tm does), in the session's turn, and
     * the application hears the callee's 487 as for a CANCEL of its own.
     */
    public void ringingTooLong(TransactionRecord record, javax.sip.ClientTransaction ct) {
        SipServletRequestImpl invite = record.request();
        SipSessionImpl session = invite.sipSession();
        if (session == null || !(session.applicationSession().context() instanceof SipAppContext app)) {
            return;
        }
        invoker.run(app, session.applicationSession(), () -> {
            if (record.clientTransaction() == ct && !record.isAnswered()) {
                try {
                    services.sender().cancel(invite, "SIP;cause=408;text=\"Request Timeout\"");
                } catch (java.io.IOException e) {
                    org.slf4j.LoggerFactory.getLogger(MessagePath.class).debug("Could not cancel {} after fr_inv_timer: {}",
                            invite.getRequestURI(), e.toString());
                }
            }
        });
    }

    /** A 503 to a request an application sent: its next DNS target, if it has one ({@link AppFailover}). */
    private boolean failOverOn503(SipServletResponseImpl response) {
        return response.getStatus() == 503
                && failover.tryNextTarget(response.requestImpl(), () -> handleAfter(response, FAILOVER_STEP));
    }

    /** Where {@link #failOverOn503} sits in the response chain. */
    private static final int FAILOVER_STEP = 2;

    /** The response chain from the handler after {@code step} on. */
    private void handleAfter(SipServletResponseImpl response, int step) {
        for (int i = step + 1; i < responses.size(); i++) {
            if (responses.get(i).handle(response)) {
                return;
            }
        }
    }

    /**
     * RFC 3261 8.1.3.1: a transaction timeout is reported to the application as a 408. It is made
     * here, so it carries a To tag of ours (8.2.6.2): a proxy forwards it upstream as its own answer
     * (16.7 step 6), and a caller could not otherwise tell it from another branch's.
     */
    static SIPResponse timeoutResponse(SIPRequest request) {
        SIPResponse timeout = request.createResponse(Response.REQUEST_TIMEOUT, "Request Timeout");
        if (timeout.getToTag() == null) {
            try {
                timeout.getTo().setTag(Tags.newTag());
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e); // a tag of ours always parses
            }
        }
        return timeout;
    }

    /** JSR 359: an application whose 2xx to INVITE got no ACK hears of it through its SipErrorListeners. */
    @Override
    public void ackTimeout(Object data) {
        if (!(data instanceof TransactionRecord record) || record.request().sipSession() == null) {
            return;
        }
        SipServletRequestImpl invite = record.request();
        SipServletResponseImpl ok = record.finalResponse();
        SipSessionImpl session = invite.sipSession();
        if (!(session.applicationSession().context() instanceof SipAppContext app)) {
            return;
        }
        invoker.run(app, session.applicationSession(), () -> {
            if (session.isValid()) {
                ListenerCalls.each(app, SipErrorListener.class, "noAckReceived",
                        l -> l.noAckReceived(new SipErrorEvent(invite, ok)));
            }
        });
    }

    @Override
    public void transactionEnded(Object data, String branchId) {
        SipSessionImpl session = data instanceof TransactionRecord record ? record.request().sipSession()
                : data instanceof EndedClientTransaction ended ? ended.session() : null;
        if (session != null) {
            session.transactionEnded(branchId);
        }
    }

    /** Stops taking new initial requests; dialogs and transactions in flight go on. */
    public void stopAccepting() {
        accepting.set(false);
    }

    private void handle(SipServletResponseImpl response) {
        for (ResponseHandler handler : responses) {
            if (handler.handle(response)) {
                return;
            }
        }
    }

    private boolean refuseWhileDraining(SipServletRequestImpl request) {
        if (accepting.get()) {
            return false;
        }
        ApplicationInvoker.replyError(request, 503, "Service Unavailable");
        return true;
    }

    private boolean refuseLoop(SipServletRequestImpl request) {
        if (!proxies.isLooping(request)) {
            return false;
        }
        ApplicationInvoker.replyError(request, 482, "Loop Detected");
        return true;
    }

    /** A 2xx the transaction already had: our ACK was lost, so it is sent again, and the application never sees the copy. */
    private boolean absorbRetransmitted2xx(SipServletResponseImpl response) {
        if (!response.requestImpl().transaction().arrived(response)) {
            services.sender().resendAck(response);
            return true;
        }
        return false;
    }
}
