package io.sipcontainer.dispatch;

import java.util.concurrent.atomic.AtomicBoolean;

import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.session.SessionStore;

/**
 * The first handler: sorts received messages into initial requests, in-dialog requests, CANCEL
 * and responses. While the server drains for shutdown, new initial requests get 503.
 */
public final class Dispatcher implements SipHandler {
    private final InitialRequestHandler initial;
    private final SubsequentRequestHandler subsequent;
    private final CancelHandler cancel;
    private final ResponseHandler responses;
    private final AtomicBoolean accepting = new AtomicBoolean(true);

    public Dispatcher(ApplicationSelector selector, ApplicationComposer composer, SessionStore store,
            ApplicationRegistry registry) {
        ApplicationInvoker invoker = new ApplicationInvoker();
        this.initial = new InitialRequestHandler(selector, composer, invoker);
        this.subsequent = new SubsequentRequestHandler(store, registry, invoker);
        this.cancel = new CancelHandler(invoker);
        this.responses = new ResponseHandler(invoker);
    }

    @Override
    public void handleRequest(SipServletRequestImpl request) {
        String method = request.getMethod();
        if ("CANCEL".equals(method)) {
            cancel.handle(request);
        } else if (request.jainRequest().getToTag() != null) {
            subsequent.handle(request);
        } else if (!accepting.get()) {
            ApplicationInvoker.replyError(request, 503, "Service Unavailable");
        } else {
            initial.handle(request);
        }
    }

    @Override
    public void handleResponse(SipServletResponseImpl response) {
        responses.handle(response);
    }

    /** Stops taking new initial requests; dialogs and transactions in flight go on. */
    public void stopAccepting() {
        accepting.set(false);
    }
}
