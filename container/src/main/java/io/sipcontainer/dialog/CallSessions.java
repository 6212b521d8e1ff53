package io.sipcontainer.dialog;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>A session not found may not be written yet: the node that set the call up writes its
 * replica just after the 2xx leaves, and a BYE sent at once to another node can end the dialog
 * there first. The search is made again every {@link #RETRY_MS} ms, {@link #RETRIES} times.
 */
class CallSessions {
    private static final Logger LOG = LoggerFactory.getLogger(CallSessions.class);

    static final int RETRIES = 10;
    static final long RETRY_MS = 500;

    /** For a module with no sessions to end (unit tests). */
    static final CallSessions NONE = new CallSessions(null, null, null);

    private final SessionStore store;
    private final ApplicationRegistry applications;
    /** Null: no second search. */
    private final ScheduledExecutorService retries;

    CallSessions(SessionStore store, ApplicationRegistry applications, ScheduledExecutorService retries) {
        this.store = store;
        this.applications = applications;
        this.retries = retries;
    }

    /** Invalidates the application session of that id, if it is still valid somewhere (null: none). */
    void end(String applicationSessionId) {
        end(applicationSessionId, RETRIES);
    }

    private void end(String applicationSessionId, int retriesLeft) {
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
        if (session == null) {
            if (retries != null && retriesLeft > 0) {
                retries.schedule(() -> end(applicationSessionId, retriesLeft - 1), RETRY_MS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (!session.isValid()) {
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
