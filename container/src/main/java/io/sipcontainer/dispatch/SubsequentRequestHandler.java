package io.sipcontainer.dispatch;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.ReliableProvisionals;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Gives an in-dialog request to the session of its dialog, found through the session store from
 * the Call-ID and the To tag this server chose, without asking the router. The dialog's CSeq
 * check (500 when it went backwards, RFC 3261 12.2.2) runs on the session's executor with the
 * rest of the dialog state. A PRACK must acknowledge a reliable provisional response the session
 * sent (481 otherwise, RFC 3262). A request whose dialog is unknown goes on to the next step.
 */
final class SubsequentRequestHandler implements RequestHandler {
    private final SessionLookup sessions;
    private final ApplicationInvoker invoker;

    SubsequentRequestHandler(SessionLookup sessions, ApplicationInvoker invoker) {
        this.sessions = sessions;
        this.invoker = invoker;
    }

    @Override
    public boolean handle(SipServletRequestImpl request) {
        String toTag = request.jainRequest().getToTag();
        if (toTag == null) {
            return false;
        }
        SipSessionImpl session = sessions.dialogOf(request.getCallId(), toTag, request.jainRequest().getFromTag());
        if (session == null) {
            return false;
        }
        SipAppContext app = (SipAppContext) session.applicationSession().context();
        request.setSipSession(session);
        request.transaction().setOwner(session.applicationSession());
        invoker.invoke(app, session.applicationSession(), request, () -> {
            if (session.isValid() && !DialogEvents.subsequentRequestReceived(request)) {
                ApplicationInvoker.replyError(request, 500, "CSeq Out of Order");
                return null;
            }
            if ("PRACK".equals(request.getMethod()) && !ReliableProvisionals.prackReceived(request)) {
                // RFC 3262 3: a PRACK that matches no unacknowledged reliable provisional response
                ApplicationInvoker.replyError(request, 481, "No matching reliable provisional response");
                return null;
            }
            if (request.transaction().serverTransaction() != null) {
                session.transactionStarted(request.transaction().serverTransaction().getBranchId());
            }
            return app.servletForSession(session);
        });
        return true;
    }
}
