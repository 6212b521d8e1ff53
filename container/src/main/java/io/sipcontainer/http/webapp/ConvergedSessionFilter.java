package io.sipcontainer.http.webapp;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * Put in front of every web component of a converged application so that
 * {@code request.getSession()} returns a {@code ConvergedHttpSession} (JSR 359): the request is
 * wrapped, and the wrapper turns Jetty's session into its converged view.
 */
final class ConvergedSessionFilter implements Filter {
    private final ConvergedSessions sessions;

    ConvergedSessionFilter(ConvergedSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && !(request instanceof ConvergedRequest)) {
            chain.doFilter(new ConvergedRequest(http, sessions), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** A request whose sessions are converged sessions. */
    private static final class ConvergedRequest extends HttpServletRequestWrapper {
        private final ConvergedSessions sessions;

        ConvergedRequest(HttpServletRequest request, ConvergedSessions sessions) {
            super(request);
            this.sessions = sessions;
        }

        @Override
        public HttpSession getSession(boolean create) {
            HttpSession session = super.getSession(create);
            return session == null ? null : sessions.converged(session, getQueryString());
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }
    }
}
