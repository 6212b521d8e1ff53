package io.sipcontainer.dispatch;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.proxy.ProxyService;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Gives a response to the session that sent its request: the dialog state moves first, then the
 * servlet handling the session sees it. 100 Trying is hop-by-hop and never reaches applications.
 */
final class ResponseHandler {
    private final ApplicationInvoker invoker;
    private volatile ProxyService proxies;

    ResponseHandler(ApplicationInvoker invoker) {
        this.invoker = invoker;
    }

    void setProxyService(ProxyService proxies) {
        this.proxies = proxies;
    }

    void handle(SipServletResponseImpl response) {
        ProxyService p = proxies;
        if (p != null && p.handleResponse(response)) {
            return;
        }
        SipSessionImpl session = response.sipSession();
        if (session == null || response.getStatus() == 100) {
            return;
        }
        DialogEvents.responseReceived(response);
        if (!session.isValid()) {
            return;
        }
        SipAppContext app = (SipAppContext) session.applicationSession().context();
        invoker.invoke(app, response, app.servletForSession(session));
    }
}
