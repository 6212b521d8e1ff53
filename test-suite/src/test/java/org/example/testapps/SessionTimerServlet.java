package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SessionKeepAlive;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test UAS of RFC 4028 session timers through {@code SessionKeepAlive}: an INVITE is answered 200;
 * when it asked for no session timer, the application enables one on its 200 (1800 s, the
 * container's default) itself. The BYE's 200 reports what {@code getKeepAlive()} negotiated
 * ({@code X-KeepAlive: <expiration> <minimum> <refresher>}).
 */
public class SessionTimerServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        SessionKeepAlive.Preference preference = ok.getSessionKeepAlivePreference();
        if (!preference.getEnabled()) {
            preference.setEnabled(true);
        }
        ok.send();
    }

    @Override
    protected void doAck(SipServletRequest req) {
    }

    @Override
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        SessionKeepAlive keepAlive = req.getSession().getKeepAlive();
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-KeepAlive", keepAlive == null ? "none" : keepAlive.getExpiration() + " "
                + keepAlive.getMinimumExpiration() + " " + keepAlive.getRefresher());
        ok.send();
    }
}
