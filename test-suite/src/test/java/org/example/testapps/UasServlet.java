package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/** Test UAS: rings then answers INVITE, answers BYE, OPTIONS and MESSAGE with 200. */
public class UasServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_RINGING).send();
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        byte[] offer = req.getRawContent();
        if (offer != null && offer.length > 0) {
            ok.setContent(offer, "application/sdp");
        }
        ok.send();
    }

    @Override
    protected void doAck(SipServletRequest req) {
        req.getSession().setAttribute("acked", Boolean.TRUE);
    }

    @Override
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }

    @Override
    protected void doOptions(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }
}
