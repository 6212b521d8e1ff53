package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test UAS of reliable provisional responses (RFC 3262): an INVITE that requires 100rel gets a 180
 * sent with plain {@code send()} (the container must send it reliably), one that supports it a 183
 * with {@code sendReliably()}; the INVITE is answered 200 once the PRACK comes. The PRACK is
 * answered by the servlet, or left to the container when it carries {@code X-Leave-Prack}.
 */
public class PrackServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        String require = String.valueOf(req.getHeader("Require"));
        if (require.contains("100rel")) {
            req.createResponse(SipServletResponse.SC_RINGING).send();
        } else {
            SipServletResponse progress = req.createResponse(SipServletResponse.SC_SESSION_PROGRESS);
            progress.sendReliably();
        }
    }

    @Override
    protected void doPrack(SipServletRequest req) throws ServletException, IOException {
        SipServletRequest invite = req.getSession().getActiveRequests(jakarta.servlet.sip.UAMode.UAS).stream()
                .filter(r -> r.getMethod().equals("INVITE")).findFirst().orElseThrow();
        int unacknowledged = req.getSession().getUnacknowledgedProvisionalResponses(
                jakarta.servlet.sip.UAMode.UAS).size();
        if (req.getHeader("X-Leave-Prack") == null) {
            SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
            ok.setHeader("X-Unacknowledged", Integer.toString(unacknowledged));
            ok.send();
        }
        SipServletResponse answer = invite.createResponse(SipServletResponse.SC_OK);
        answer.setHeader("X-Prack-Seen", "true");
        answer.send();
    }

    @Override
    protected void doAck(SipServletRequest req) {
    }

    @Override
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }
}
