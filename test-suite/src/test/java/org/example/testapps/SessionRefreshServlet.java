package org.example.testapps;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SessionKeepAlive;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSessionEvent;
import jakarta.servlet.sip.SipSessionListener;

/**
 * Test UAS of RFC 4028 session timers that fire: an INVITE is answered 200 with the session timer
 * its Session-Expires asked for. With {@code X-Refresh: reinvite} the application refreshes the
 * session itself from the refresh callback, with a re-INVITE carrying the negotiated interval
 * (acknowledged from {@code doSuccessResponse}); otherwise the container refreshes with UPDATE or,
 * when the caller is the refresher and stays silent, ends the session with BYE. Declared in
 * sip.xml as servlet and as {@code SipSessionListener}: when a call's SIP session is destroyed it
 * tells the observer the INVITE named ({@code X-Observer}) with a MESSAGE
 * "destroyed &lt;Call-ID&gt;".
 */
public class SessionRefreshServlet extends SipServlet implements SipSessionListener {
    private static final long serialVersionUID = 1L;
    /** Observer by SIP session id: a destroyed session's attributes can no longer be read. */
    private static final Map<String, String> OBSERVERS = new ConcurrentHashMap<>();

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        if (!req.isInitial()) {
            req.createResponse(SipServletResponse.SC_OK).send();
            return;
        }
        if (req.getHeader("X-Observer") != null) {
            OBSERVERS.put(req.getSession().getId(), req.getHeader("X-Observer"));
        }
        req.createResponse(SipServletResponse.SC_OK).send();
        SessionKeepAlive keepAlive = req.getSession().getKeepAlive();
        if ("reinvite".equals(req.getHeader("X-Refresh")) && keepAlive != null) {
            keepAlive.setRefreshCallback(SessionRefreshServlet::reinvite);
        }
    }

    private static void reinvite(SipSession session) {
        try {
            SipServletRequest reinvite = session.createRequest("INVITE");
            reinvite.getSessionKeepAlivePreference().setEnabled(true)
                    .setExpiration(session.getKeepAlive().getExpiration())
                    .setRefresher(SessionKeepAlive.Refresher.UAC);
            reinvite.setHeader("X-Refresh", "reinvite");
            reinvite.send();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doSuccessResponse(SipServletResponse resp) throws IOException {
        if ("INVITE".equals(resp.getMethod())) {
            resp.createAck().send();
        }
    }

    @Override
    protected void doAck(SipServletRequest req) {
    }

    @Override
    protected void doBye(SipServletRequest req) throws IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }

    @Override
    public void sessionCreated(SipSessionEvent se) {
    }

    @Override
    public void sessionDestroyed(SipSessionEvent se) {
        String observer = OBSERVERS.remove(se.getSession().getId());
        if (observer == null) {
            return;
        }
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipApplicationSession app = factory.createApplicationSession();
        try {
            SipServletRequest message = factory.createRequest(app, "MESSAGE", "sip:timers@example.org",
                    observer);
            message.setContent("destroyed " + se.getSession().getCallId(), "text/plain");
            message.send();
        } catch (IOException | ServletParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void sessionReadyToInvalidate(SipSessionEvent se) {
    }
}
