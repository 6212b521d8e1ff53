package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipErrorEvent;
import jakarta.servlet.sip.SipErrorListener;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test UAS of reliable provisional responses (RFC 3262): an INVITE that requires 100rel gets a 180
 * sent with plain {@code send()} (the container must send it reliably), one that supports it a 183
 * with {@code sendReliably()}; the INVITE is answered 200 once the PRACK comes. The PRACK is
 * answered by the servlet, or left to the container when it carries {@code X-Leave-Prack}. An INVITE
 * without 100rel is answered 200 at once. As the SipErrorListener declared in sip.xml, it rejects an
 * INVITE whose 183 got no PRACK with 500 and hangs up a call whose 200 got no ACK.
 */
public class PrackServlet extends SipServlet implements SipErrorListener {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        String require = String.valueOf(req.getHeader("Require"));
        if (!require.contains("100rel") && !String.valueOf(req.getHeader("Supported")).contains("100rel")) {
            req.createResponse(SipServletResponse.SC_OK).send();
        } else if (require.contains("100rel")) {
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

    /** No PRACK within 64*T1: the application rejects the INVITE itself. */
    @Override
    public void noPrackReceived(SipErrorEvent ee) {
        try {
            ee.getRequest().createResponse(SipServletResponse.SC_SERVER_INTERNAL_ERROR, "No PRACK (listener)").send();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** No ACK for the 200 within 64*T1: the application hangs up. */
    @Override
    public void noAckReceived(SipErrorEvent ee) {
        try {
            ee.getRequest().getSession().createRequest("BYE").send();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }
}
