package io.sipcontainer.context;

import java.lang.annotation.Annotation;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSessionsUtil;

import io.sipcontainer.message.DialogReference;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.session.DialogKey;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Lookup of this application's sessions by id or key, through the session store, and of the session
 * a Join or Replaces header names.
 */
final class SipSessionsUtilImpl implements SipSessionsUtil {
    private final SipAppContext app;

    SipSessionsUtilImpl(SipAppContext app) {
        this.app = app;
    }

    @Override
    public SipApplicationSession getApplicationSessionById(String applicationSessionId) {
        if (applicationSessionId == null) {
            throw new NullPointerException("applicationSessionId");
        }
        SipApplicationSessionImpl s = app.store().get(applicationSessionId);
        if (s == null || !s.isValid() || !s.getApplicationName().equals(app.name())) {
            return null;
        }
        if (s.context() == null) {
            s.attach(app);
        }
        return s;
    }

    @Override
    public SipApplicationSession getApplicationSessionByKey(String applicationSessionKey, boolean create) {
        if (applicationSessionKey == null) {
            throw new NullPointerException("applicationSessionKey");
        }
        return app.applicationSessionByKey(applicationSessionKey, create);
    }

    /**
     * Both ways: for the session of an INVITE carrying Join or Replaces, the session of the dialog
     * the header names (Call-ID, to-tag as our tag, from-tag as the remote one); for a session whose
     * dialog such a header named, the session of that INVITE (in the same application session,
     * where the container puts it). Null when there is none in this application.
     */
    @Override
    public SipSession getCorrespondingSipSession(SipSession session, String headerName) {
        if (!"Join".equalsIgnoreCase(headerName) && !"Replaces".equalsIgnoreCase(headerName)) {
            throw new IllegalArgumentException("only Join and Replaces name a corresponding session, not " + headerName);
        }
        if (!(session instanceof SipSessionImpl s)) {
            return null;
        }
        DialogReference ref = referenceIn(s, headerName);
        if (ref != null) {
            SipSessionImpl named = dialog(ref);
            if (named != null && named != s) {
                return named;
            }
        }
        for (java.util.Iterator<?> it = s.applicationSession().getSessions("SIP"); it.hasNext();) {
            if (it.next() instanceof SipSessionImpl other && other != s) {
                DialogReference r = referenceIn(other, headerName);
                if (r != null && r.names(s.getCallId(), s.dialog().localTag(), s.dialog().remoteTag())) {
                    return other;
                }
            }
        }
        return null;
    }

    private static DialogReference referenceIn(SipSessionImpl s, String headerName) {
        return s.activeMessages().original() instanceof SipServletRequestImpl original && original.isIncoming()
                ? DialogReference.of(original, headerName) : null;
    }

    /** The valid session of this application whose dialog a reference names, or null. */
    private SipSessionImpl dialog(DialogReference ref) {
        String id = app.store().findDialog(DialogKey.of(ref.callId(), ref.toTag()));
        SipSessionImpl found = id == null ? null : sessionById(id);
        if (found == null || !found.isDialogOf(ref.fromTag())) {
            String forkId = app.store().findDialog(DialogKey.ofFork(ref.callId(), ref.toTag(), ref.fromTag()));
            SipSessionImpl fork = forkId == null ? null : sessionById(forkId);
            found = fork != null ? fork : found;
        }
        return found != null && found.isValid() && found.isDialogOf(ref.fromTag()) ? found : null;
    }

    private SipSessionImpl sessionById(String sipSessionId) {
        SipApplicationSessionImpl appSession = app.store().get(SipApplicationSessionImpl.applicationSessionIdOf(sipSessionId));
        if (appSession == null || !appSession.isValid() || !appSession.getApplicationName().equals(app.name())) {
            return null;
        }
        if (appSession.context() == null) {
            appSession.attach(app);
        }
        return appSession.getSipSession(sipSessionId);
    }

    /**
     * The application session whose turn the calling thread holds: the one of the message, timer or
     * listener call being run (each runs on its application session's serial executor), or the one an
     * application thread entered; null elsewhere or when it belongs to another application.
     */
    @Override
    public SipApplicationSession getCurrentApplicationSession() {
        return io.sipcontainer.util.SerialExecutor.currentOwner() instanceof SipApplicationSessionImpl s
                && s.isValid() && s.getApplicationName().equals(app.name()) ? s : null;
    }

    @Override
    public Set<String> getSipApplicationSessionIds(String indexKey) {
        if (indexKey == null) {
            throw new NullPointerException("indexKey");
        }
        Set<String> ids = new HashSet<>();
        for (SipApplicationSessionImpl s : app.store().all()) {
            if (s.getApplicationName().equals(app.name()) && s.isValid() && s.getIndexKeys().contains(indexKey)) {
                ids.add(s.getId());
            }
        }
        return ids;
    }

    @Override
    public Set<String> getSipApplicationSessionIds() {
        Set<String> ids = new HashSet<>();
        for (SipApplicationSessionImpl s : app.store().all()) {
            if (s.getApplicationName().equals(app.name()) && s.isValid()) {
                ids.add(s.getId());
            }
        }
        return ids;
    }

    @Override
    public <T> T getManagedBean(Class<T> type, Annotation... qualifiers) {
        // A contextual instance needs a CDI container (bean discovery, @Inject, qualifiers,
        // SipApplicationSessionScoped); answering null would look like "no such bean" and hide that.
        throw new UnsupportedOperationException("getManagedBean(" + (type == null ? null : type.getName())
                + ") needs a CDI container, which sipcontainer does not include; keep per-session state in"
                + " SipApplicationSession attributes and get container objects with @Resource or JNDI");
    }
}
