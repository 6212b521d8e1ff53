package io.sipcontainer.dispatch;

import java.util.concurrent.atomic.AtomicBoolean;

import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.proxy.ProxyService;
import io.sipcontainer.proxy.ServletRunner;
import io.sipcontainer.session.SipSessionImpl;
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

    private volatile ProxyService proxies;

    public Dispatcher(ApplicationSelector selector, ApplicationComposer composer, SessionStore store,
            ApplicationRegistry registry) {
        ApplicationInvoker invoker = new ApplicationInvoker();
        this.initial = new InitialRequestHandler(selector, composer, invoker);
        this.subsequent = new SubsequentRequestHandler(store, registry, invoker);
        this.cancel = new CancelHandler(invoker);
        this.responses = new ResponseHandler(invoker);
    }

    /** The runner proxies use to reach applications. */
    public static ServletRunner servletRunner() {
        return new InvokerServletRunner(new ApplicationInvoker());
    }

    /** Finds a SIP session by id through the store, for the proxy's dialog routing. */
    public SipSessionImpl findSession(String sipSessionId) {
        return subsequent.findById(sipSessionId);
    }

    /** Plugs in the container's proxying (before the stack starts delivering messages). */
    public void setProxyService(ProxyService proxies) {
        this.proxies = proxies;
        this.cancel.setProxyService(proxies);
        this.responses.setProxyService(proxies);
    }

    @Override
    public void handleRequest(SipServletRequestImpl request) {
        String method = request.getMethod();
        ProxyService p = proxies;
        if ("CANCEL".equals(method)) {
            cancel.handle(request);
        } else if (request.jainRequest().getToTag() != null
                && ((p != null && p.routeSubsequent(request)) || subsequent.handle(request))) {
            return;
        } else if (!accepting.get()) {
            ApplicationInvoker.replyError(request, 503, "Service Unavailable");
        } else if (p != null && p.isLooping(request)) {
            ApplicationInvoker.replyError(request, 482, "Loop Detected");
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
