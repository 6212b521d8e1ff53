package io.sipcontainer.http.webapp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import io.sipcontainer.context.SipAppContext;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.session.SipApplicationSessionImpl;

/**
 * The HTTP sessions of one converged application, each seen as a {@link ConvergedHttpSessionImpl}
 * that belongs to a {@code SipApplicationSession}: the one named by a {@code sipappsessionid} in the
 * request URL (what {@code SipApplicationSession.encodeURL} adds), else one created on first use.
 * Listening to Jetty's session events keeps the table and the application sessions' lists of HTTP
 * sessions in step when a session ends or changes its id.
 */
final class ConvergedSessions implements HttpSessionListener, HttpSessionIdListener {
    /** The query parameter {@code SipApplicationSession.encodeURL} adds. */
    static final String APP_SESSION_PARAMETER = "sipappsessionid";

    private final SipAppContext app;
    private final HttpInfo http;
    private final Map<String, ConvergedHttpSessionImpl> byId = new ConcurrentHashMap<>();

    ConvergedSessions(SipAppContext app, HttpInfo http) {
        this.app = app;
        this.http = http;
    }

    /**
     * The converged view of an HTTP session; when {@code query} names a valid application session
     * of this application and the HTTP session has none yet, the two are joined.
     */
    ConvergedHttpSessionImpl converged(HttpSession session, String query) {
        ConvergedHttpSessionImpl converged = byId.computeIfAbsent(session.getId(),
                id -> new ConvergedHttpSessionImpl(session, this));
        converged.refresh(session);
        String encoded = applicationSessionId(query);
        if (encoded != null) {
            SipApplicationSessionImpl named = app.store().get(encoded);
            if (named != null && named.isValid() && named.getApplicationName().equals(app.name())) {
                converged.joinIfUnbound(named);
            }
        }
        return converged;
    }

    SipAppContext application() {
        return app;
    }

    HttpInfo http() {
        return http;
    }

    /** The sessions' path parameter name, as Jetty reads it from URLs. */
    String sessionIdParameter() {
        return "jsessionid";
    }

    static String applicationSessionId(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(APP_SESSION_PARAMETER + "=")) {
                return URLDecoder.decode(pair.substring(APP_SESSION_PARAMETER.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        ConvergedHttpSessionImpl gone = byId.remove(event.getSession().getId());
        if (gone != null) {
            gone.detach();
        }
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        ConvergedHttpSessionImpl moved = byId.remove(oldSessionId);
        if (moved != null) {
            byId.put(event.getSession().getId(), moved);
        }
    }

    /** Undeploy: the application's HTTP sessions die with its context; forget them. */
    void clear() {
        byId.values().forEach(ConvergedHttpSessionImpl::detach);
        byId.clear();
    }
}
