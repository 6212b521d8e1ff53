package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.SipSessionsUtil;

/**
 * Test UAS of Replaces (RFC 3891), as a call-transfer target: answers INVITE; an INVITE whose
 * Replaces header names one of its dialogs is answered with what SipSessionsUtil found (the replaced
 * session, both ways, and whether both share an application session) and the replaced dialog is
 * ended with a BYE.
 */
public class ReplacesServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        if (req.getHeader("Replaces") != null) {
            SipSessionsUtil util = (SipSessionsUtil) getServletContext().getAttribute(SIP_SESSIONS_UTIL);
            SipSession replaced = util.getCorrespondingSipSession(req.getSession(), "Replaces");
            ok.setHeader("X-Replaced-Found", String.valueOf(replaced != null));
            if (replaced != null) {
                ok.setHeader("X-Same-Application-Session",
                        String.valueOf(replaced.getApplicationSession() == req.getApplicationSession()));
                ok.setHeader("X-Reverse", String.valueOf(
                        util.getCorrespondingSipSession(replaced, "Replaces") == req.getSession()));
                ok.setHeader("X-Join-Found", String.valueOf(util.getCorrespondingSipSession(req.getSession(), "Join")));
                replaced.createRequest("BYE").send();
            }
        }
        ok.send();
    }

    @Override
    protected void doAck(SipServletRequest req) {
    }

    @Override
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }
}
