package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipApplicationSessionEvent;
import jakarta.servlet.sip.SipApplicationSessionListener;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test application for session expiry: MESSAGE gets 200 and its application session is kept
 * after the transaction (setInvalidateWhenReady false), so only expiry ends it. Its
 * {@link Listener} (declared in sip.xml) counts the expirations in the attribute {@code expired}
 * and extends the session by one minute the first time (setExpires), not the second.
 */
public class ExpiringSessionServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest req) throws IOException {
        req.getApplicationSession().setInvalidateWhenReady(false);
        req.createResponse(SipServletResponse.SC_OK).send();
    }

    /** The application's session listener. */
    public static class Listener implements SipApplicationSessionListener {

        @Override
        public void sessionExpired(SipApplicationSessionEvent e) {
            SipApplicationSession s = e.getApplicationSession();
            int expired = s.getAttribute("expired") instanceof Integer n ? n + 1 : 1;
            s.setAttribute("expired", expired);
            if (expired == 1) {
                s.setExpires(1);
            }
        }

        @Override
        public void sessionCreated(SipApplicationSessionEvent e) {
            // nothing to do
        }

        @Override
        public void sessionDestroyed(SipApplicationSessionEvent e) {
            // the test sees the session leave the store
        }

        @Override
        public void sessionReadyToInvalidate(SipApplicationSessionEvent e) {
            // kept: invalidateWhenReady is off
        }
    }
}
