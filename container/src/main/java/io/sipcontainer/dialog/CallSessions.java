package io.sipcontainer.dialog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.context.ApplicationRegistry;
import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.session.SessionStore;
import io.sipcontainer.session.SipApplicationSessionImpl;

/**
 * Ends the application session of a call the dialog module ended itself (a timeout, {@code
 * dlg.end_dlg}, {@code DialogService.end}, a failed keepalive). The module's BYEs go out on no
 * application session, so the session of the application that asked for the tracking (the
 * proxy's record-routing session) would otherwise see no end and live until it expires. The
 * session is found through the session store, so on any node of a cluster (the replica of another
 * node's session is taken over, then removed), and invalidated on its own serial executor, never
 * alongside one of its messages.
 */
class CallSessions {
    private static final Logger LOG = LoggerFactory.getLogger(CallSessions.class);

    /** For a module with no sessions to end (unit tests). */
    static final CallSessions NONE = new CallSessions(null, null);

    private final SessionStore store;
    private final ApplicationRegistry applications;

    CallSessions(SessionStore store, ApplicationRegistry applications) {
        this.store = store;
        this.applications = applications;
    }

    /** Invalidates the application session of that id, if it is still valid somewhere (null: none). */
    void end(String applicationSessionId) {
        if (applicationSessionId == null || store == null) {
            return;
        }
        SipApplicationSessionImpl session;
        try {
            session = store.get(applicationSessionId);
        } catch (RuntimeException e) {
            LOG.warn("dialog: cannot read the session {} of an ended call: {}", applicationSessionId, e.toString());
            return;
        }
        if (session == null || !session.isValid()) {
            return;
        }
        if (session.context() == null) {
            SipAppContext app = applications.get(session.getApplicationName());
            if (app == null) {
                return;
            }
            session.attach(app);
        }
        session.executor().execute(() -> {
            try {
                if (session.isValid()) {
                    session.invalidate();
                }
            } catch (IllegalStateException alreadyInvalid) {
                // invalidated meanwhile
            }
        });
    }
}
