package org.example.b2bua;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.B2buaHelper;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.UAMode;

/**
 * Bridges each call to the URI in its {@code X-Target} header through a second, linked dialog
 * (B2buaHelper): responses go back on the caller's leg, the caller's ACK acknowledges the callee's
 * 2xx, and a BYE from either side ends the other leg.
 */
@jakarta.servlet.sip.annotation.SipServlet(name = "b2bua")
public class B2buaServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest invite) throws ServletException, IOException {
        String target = invite.getHeader("X-Target");
        if (target == null) {
            invite.createResponse(SipServletResponse.SC_BAD_REQUEST, "No X-Target").send();
            return;
        }
        SipServletRequest out = invite.getB2buaHelper().createRequest(invite, true, Map.of());
        out.removeHeader("X-Target");
        out.setRequestURI(sipFactory().createURI(target));
        out.send();
    }

    @Override
    protected void doResponse(SipServletResponse response) throws ServletException, IOException {
        if (response.getRequest().isInitial() && response.getStatus() > 100) { // the callee's answer to the INVITE
            B2buaHelper b2b = response.getRequest().getB2buaHelper();
            SipServletResponse upstream = b2b.createResponseToOriginalRequest(b2b.getLinkedSession(response.getSession()),
                    response.getStatus(), response.getReasonPhrase());
            if (response.getContentLength() > 0) {
                upstream.setContent(response.getRawContent(), response.getContentType());
            }
            upstream.send();
        } else if ("BYE".equals(response.getMethod())) {
            response.getApplicationSession().invalidate();
        }
    }

    @Override
    protected void doAck(SipServletRequest ack) throws ServletException, IOException {
        B2buaHelper b2b = ack.getB2buaHelper();
        SipSession callee = b2b.getLinkedSession(ack.getSession());
        for (SipServletMessage pending : b2b.getPendingMessages(callee, UAMode.UAC)) {
            if (pending instanceof SipServletResponse answer && answer.getStatus() / 100 == 2) {
                answer.createAck().send(); // the callee's 2xx waits for the caller's ACK
            }
        }
    }

    @Override
    protected void doBye(SipServletRequest bye) throws ServletException, IOException {
        B2buaHelper b2b = bye.getB2buaHelper();
        bye.createResponse(SipServletResponse.SC_OK).send();
        b2b.getLinkedSession(bye.getSession()).createRequest("BYE").send();
    }

    private jakarta.servlet.sip.SipFactory sipFactory() {
        return (jakarta.servlet.sip.SipFactory) getServletContext().getAttribute(SIP_FACTORY);
    }
}
