package io.sipcontainer.dispatch;

import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.session.DialogKey;
import io.sipcontainer.session.SessionStore;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Finds SIP sessions through the session store, attaching their application when the session
 * came from elsewhere (another node, a restart). Read-only: it is what the stack thread may do
 * before handing a message to the session's executor.
 */
public final class SessionLookup {
    private final SessionStore store;
    private final ApplicationRegistry registry;

    public SessionLookup(SessionStore store, ApplicationRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /**
     * The session of the dialog an in-dialog request belongs to: by Call-ID and the tag this
     * server chose, or, for one of several forked UAC dialogs sharing that tag, with the remote
     * tag added. Null when no dialog of ours matches.
     */
    public SipSessionImpl dialogOf(String callId, String localTag, String remoteTag) {
        SipSessionImpl session = byDialog(callId, localTag);
        if (session == null || !session.isDialogOf(remoteTag)) {
            SipSessionImpl fork = byDialog(callId, DialogKey.forkTag(localTag, remoteTag));
            session = fork != null ? fork : session;
        }
        return session;
    }

    private SipSessionImpl byDialog(String callId, String localTag) {
        if (localTag == null) {
            return null;
        }
        String sessionId = store.findDialog(DialogKey.of(callId, localTag));
        return sessionId == null ? null : findById(sessionId);
    }

    /** A SIP session by id, with its application session attached to this node; null when gone. */
    public SipSessionImpl findById(String sessionId) {
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
