package org.example.testapps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test UAC of reliable provisional responses (RFC 3262): a MESSAGE whose body is a SIP URI makes it
 * call that URI with Supported: 100rel; each reliable provisional response it is given gets a PRACK
 * ({@code createPrack}); the 200 is acknowledged and the call hung up.
 */
public class PrackUacServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
        String target = new String(req.getRawContent(), StandardCharsets.UTF_8).trim();
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletRequest invite = factory.createRequest(factory.createApplicationSession(), "INVITE",
                factory.createAddress("<sip:uac@example.org>"), factory.createAddress("<" + target + ">"));
        invite.addHeader("Supported", "100rel");
        invite.send();
    }

    @Override
    protected void doProvisionalResponse(SipServletResponse resp) throws ServletException, IOException {
        if (resp.isReliableProvisional()) {
            resp.createPrack().send();
        }
    }

    @Override
    protected void doSuccessResponse(SipServletResponse resp) throws ServletException, IOException {
        if ("INVITE".equals(resp.getMethod())) {
            resp.createAck().send();
            resp.getSession().createRequest("BYE").send();
        }
    }
}
