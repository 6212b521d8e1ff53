package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipApplicationSessionEvent;
import jakarta.servlet.sip.SipApplicationSessionListener;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test application in a style common with other containers: the servlet is its own
 * {@code SipApplicationSessionListener}, declared in sip.xml both as servlet and as listener. Each
 * {@code sessionCreated} call adds one to the session's {@code created} attribute and records which
 * object it ran on; the 200 to a MESSAGE reports both (X-Created, X-Same-Instance: whether the
 * listener that ran is this servlet).
 */
public class ListenerServlet extends SipServlet implements SipApplicationSessionListener {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest req) throws IOException {
        SipApplicationSession s = req.getApplicationSession();
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Created", String.valueOf(s.getAttribute("created")));
        ok.setHeader("X-Same-Instance", String.valueOf(
                Integer.valueOf(System.identityHashCode(this)).equals(s.getAttribute("listener"))));
        ok.send();
    }

    @Override
    public void sessionCreated(SipApplicationSessionEvent e) {
        SipApplicationSession s = e.getApplicationSession();
        s.setAttribute("created", s.getAttribute("created") instanceof Integer n ? n + 1 : 1);
        s.setAttribute("listener", System.identityHashCode(this));
    }

    @Override
    public void sessionDestroyed(SipApplicationSessionEvent e) {
        // nothing to record
    }

    @Override
    public void sessionExpired(SipApplicationSessionEvent e) {
        // nothing to record
    }

    @Override
    public void sessionReadyToInvalidate(SipApplicationSessionEvent e) {
        // the default: invalidated when ready
    }
}
