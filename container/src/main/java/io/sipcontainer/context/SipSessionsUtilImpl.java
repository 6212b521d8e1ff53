package io.sipcontainer.context;

import java.lang.annotation.Annotation;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSessionsUtil;

import io.sipcontainer.session.SipApplicationSessionImpl;

/** Lookup of this application's sessions by id or key, through the session store. */
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

    @Override
    public SipSession getCorrespondingSipSession(SipSession session, String headerName) {
        return null; // Join and Replaces support arrives with the B2BUA work
    }

    @Override
    public SipApplicationSession getCurrentApplicationSession() {
        return null;
    }

    @Override
    public Set<String> getSipApplicationSessionIds(String indexKey) {
        return Set.of();
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
        return null; // no CDI in this container
    }
}
