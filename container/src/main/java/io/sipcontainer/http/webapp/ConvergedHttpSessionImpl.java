package io.sipcontainer.http.webapp;

import java.util.Enumeration;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.sip.ConvergedHttpSession;
import jakarta.servlet.sip.SipApplicationSession;

import io.sipcontainer.session.SipApplicationSessionImpl;

/**
 * An HTTP session of a converged application (JSR 359 {@link ConvergedHttpSession}): Jetty's
 * session, plus the {@link SipApplicationSession} it belongs to and URL encoding that brings later
 * requests back to it. The application session is joined lazily, on the first
 * {@link #getApplicationSession()} or when a request URL names one, and the HTTP session is then
 * listed by {@code SipApplicationSession.getSessions("HTTP")}; invalidating the application session
 * invalidates this one too.
 */
final class ConvergedHttpSessionImpl implements ConvergedHttpSession {
    private volatile HttpSession session;
    private final ConvergedSessions owner;
    private SipApplicationSessionImpl applicationSession;

    ConvergedHttpSessionImpl(HttpSession session, ConvergedSessions owner) {
        this.session = session;
        this.owner = owner;
    }

    /** Jetty may hand out a fresh session object for the same session; always use the latest. */
    void refresh(HttpSession current) {
        this.session = current;
    }

    @Override
    public synchronized SipApplicationSession getApplicationSession() {
        if (applicationSession == null || !applicationSession.isValid()) {
            join(owner.application().newApplicationSession());
        }
        return applicationSession;
    }

    synchronized void joinIfUnbound(SipApplicationSessionImpl named) {
        if (applicationSession == null || !applicationSession.isValid()) {
            join(named);
        }
    }

    private void join(SipApplicationSessionImpl s) {
        applicationSession = s;
        s.addHttpSession(this);
    }

    synchronized void detach() {
        if (applicationSession != null) {
            applicationSession.removeHttpSession(this);
            applicationSession = null;
        }
    }

    @Override
    public String encodeURL(String url) {
        String marker = ";" + owner.sessionIdParameter() + "=";
        if (url.contains(marker)) {
            return url;
        }
        int end = url.length();
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return url.substring(0, end) + marker + getId() + url.substring(end);
    }

    @Override
    public String encodeURL(String relativePath, String scheme) {
        String path = relativePath.startsWith("/") ? relativePath : "/" + relativePath;
        String contextPath = "/" + owner.application().name();
        return encodeURL(owner.http().uri(scheme, contextPath + path).toString());
    }

    // --- HttpSession, by delegation --------------------------------------------------------------

    @Override
    public long getCreationTime() {
        return session.getCreationTime();
    }

    @Override
    public String getId() {
        return session.getId();
    }

    @Override
    public long getLastAccessedTime() {
        return session.getLastAccessedTime();
    }

    @Override
    public ServletContext getServletContext() {
        return session.getServletContext();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        session.setMaxInactiveInterval(interval);
    }

    @Override
    public int getMaxInactiveInterval() {
        return session.getMaxInactiveInterval();
    }

    @Override
    public Object getAttribute(String name) {
        return session.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return session.getAttributeNames();
    }

    @Override
    public void setAttribute(String name, Object value) {
        session.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        session.removeAttribute(name);
    }

    @Override
    public void invalidate() {
        session.invalidate();
    }

    @Override
    public boolean isNew() {
        return session.isNew();
    }

    @Override
    public String toString() {
        return "ConvergedHttpSession[" + getId() + "]";
    }
}
