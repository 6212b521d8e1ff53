package org.example.testapps.converged;

import java.io.IOException;
import java.net.URL;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.sip.ConvergedHttpSession;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;

/**
 * Declared in web.xml: {@code /info} reports the caller's converged session (its id, its
 * application session, and the URLs it encodes); {@code /info?link=1} instead creates an
 * application session and answers the URL {@code SipApplicationSession.encodeURL} makes for
 * {@code /info}, which must lead a new HTTP session into that application session.
 */
public class SessionInfoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        if (req.getParameter("link") != null) {
            SipFactory factory = (SipFactory) getServletContext().getAttribute(SipServlet.SIP_FACTORY);
            SipApplicationSession appSession = factory.createApplicationSession();
            URL base = new URL(req.getRequestURL().toString());
            resp.getWriter().print(appSession.getId() + "\n" + appSession.encodeURL(base) + "\n");
            return;
        }
        ConvergedHttpSession session = (ConvergedHttpSession) req.getSession();
        if (req.getParameter("endApplication") != null) {
            session.getApplicationSession().invalidate();
            resp.getWriter().print("httpSessionEnded=" + (req.getSession(false) == null) + "\n");
            return;
        }
        if (req.getParameter("logout") != null) {
            SipApplicationSession appSession = session.getApplicationSession();
            session.invalidate();
            resp.getWriter().print("stillListed=" + appSession.getSessions("HTTP").hasNext() + "\n");
            return;
        }
        resp.getWriter().print("id=" + session.getId() + "\n"
                + "appSession=" + session.getApplicationSession().getId() + "\n"
                + "relative=" + session.encodeURL(req.getContextPath() + "/info") + "\n"
                + "absolute=" + session.encodeURL("/info", "http") + "\n"
                + "greeting=" + getInitParameter("greeting") + "\n");
    }
}
