package io.sipcontainer.dispatch;

import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.message.DialogEvents;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.session.DialogKey;
import io.sipcontainer.session.SessionStore;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Finds the session of an in-dialog request through the session store, from the Call-ID and
 * the To tag this server chose, without asking the router: 481 when the dialog is unknown, 500
 * when its CSeq went backwards (RFC 3261 12.2.2).
 */
final class SubsequentRequestHandler {
    private final SessionStore store;
    private final ApplicationRegistry registry;
    private final ApplicationInvoker invoker;

    SubsequentRequestHandler(SessionStore store, ApplicationRegistry registry, ApplicationInvoker invoker) {
        this.store = store;
        this.registry = registry;
        this.invoker = invoker;
    }

    /** False when no dialog of ours matches: the dispatcher then treats it as an initial request. */
    boolean handle(SipServletRequestImpl request) {
        SipSessionImpl session = find(request.getCallId(), request.jainRequest().getToTag());
        String fromTag = request.jainRequest().getFromTag();
        if (session == null || !session.isDialogOf(fromTag)) {
            // a forked UAC dialog shares Call-ID and our tag with its siblings: its key adds the remote tag
            SipSessionImpl fork = find(request.getCallId(), DialogKey.forkTag(request.jainRequest().getToTag(), fromTag));
            session = fork != null ? fork : session;
        }
        if (session == null) {
            return false;
        }
        SipAppContext app = (SipAppContext) session.applicationSession().context();
        request.setSipSession(session);
        if (!DialogEvents.subsequentRequestReceived(request)) {
            ApplicationInvoker.replyError(request, 500, "CSeq Out of Order");
            return true;
        }
        if (request.serverTransaction() != null) {
            session.transactionStarted(request.serverTransaction().getBranchId());
        }
        invoker.invoke(app, request, app.servletForSession(session));
        return true;
    }

    /** The session owning a dialog, with its application session attached to this node. */
    SipSessionImpl find(String callId, String localTag) {
        if (localTag == null) {
            return null;
        }
        String sessionId = store.findDialog(DialogKey.of(callId, localTag));
        return sessionId == null ? null : findById(sessionId);
    }

    /** A SIP session by id, with its application session attached to this node; null when gone. */
    SipSessionImpl findById(String sessionId) {
        SipApplicationSessionImpl appSession = store.get(SipApplicationSessionImpl.applicationSessionIdOf(sessionId));
        if (appSession == null || !appSession.isValid()) {
            return null;
        }
        if (appSession.context() == null) {
            SipAppContext app = registry.get(appSession.getApplicationName());
            if (app == null) {
                return null;
            }
            appSession.attach(app);
        }
        SipSessionImpl session = appSession.getSipSession(sessionId);
        return session != null && session.isValid() ? session : null;
    }
}
