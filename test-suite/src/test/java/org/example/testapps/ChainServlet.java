package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test application for application composition: it adds its name to the X-Chain header of an
 * initial MESSAGE and sends a copy on (the application router decides who gets it next); the
 * final response comes back the same way. The last application of the chain ("answer" init
 * parameter true) answers 200 with the X-Chain it received.
 */
public class ChainServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    private static final String ORIGINAL = "chain.original";

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        String seen = req.getHeader("X-Chain");
        String chain = (seen == null ? "" : seen + ",") + getServletContext().getServletContextName();
        if (Boolean.parseBoolean(getInitParameter("answer"))) {
            SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
            ok.setHeader("X-Chain", chain);
            ok.send();
            return;
        }
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletRequest next = factory.createRequest(req, false);
        next.setHeader("X-Chain", chain);
        next.setAttribute(ORIGINAL, req);
        next.send();
    }

    @Override
    protected void doResponse(SipServletResponse resp) throws ServletException, IOException {
        if (resp.getStatus() < 200) {
            return;
        }
        SipServletRequest original = (SipServletRequest) resp.getRequest().getAttribute(ORIGINAL);
        SipServletResponse relay = original.createResponse(resp.getStatus(), resp.getReasonPhrase());
        String chain = resp.getHeader("X-Chain");
        if (chain != null) {
            relay.setHeader("X-Chain", chain);
        }
        relay.send();
    }
}
