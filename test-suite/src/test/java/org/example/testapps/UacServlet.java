package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test UAC: a MESSAGE whose body is a SIP URI makes it call that URI: INVITE, ACK on 200, then
 * BYE. The caller learns the outcome from what reaches the called party.
 */
public class UacServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
        String target = new String(req.getRawContent(), java.nio.charset.StandardCharsets.UTF_8).trim();
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletRequest invite = factory.createRequest(factory.createApplicationSession(), "INVITE",
                factory.createAddress("<sip:uac@example.org>"), factory.createAddress("<" + target + ">"));
        invite.send();
    }

    @Override
    protected void doSuccessResponse(SipServletResponse resp) throws ServletException, IOException {
        if ("INVITE".equals(resp.getMethod())) {
            resp.createAck().send();
            resp.getSession().createRequest("BYE").send();
        }
    }
}
