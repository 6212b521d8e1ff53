package io.sipcontainer.dispatch;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Gives a response to the session that sent its request: on the session's executor the dialog
 * state moves first, then the servlet handling the session sees it. 100 Trying is hop-by-hop and
 * never reaches applications.
 */
final class SessionResponseHandler implements ResponseHandler {
    private final ApplicationInvoker invoker;

    SessionResponseHandler(ApplicationInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public boolean handle(SipServletResponseImpl response) {
        SipSessionImpl session = response.sipSession();
        if (session == null || response.getStatus() == 100) {
            return true;
        }
        SipAppContext app = (SipAppContext) session.applicationSession().context();
        invoker.invoke(app, session.applicationSession(), response, () -> {
            if (!session.isValid()) {
                return null;
            }
            DialogEvents.responseReceived(response);
            return session.isValid() ? app.servletForSession(session) : null;
        });
        return true;
    }
}
