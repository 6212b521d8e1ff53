package org.example.hello;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/** Answers every call: rings, then accepts with the caller's own SDP (a loopback media answer), and hangs up on BYE. */
@jakarta.servlet.sip.annotation.SipServlet(name = "hello")
public class HelloServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest invite) throws ServletException, IOException {
        invite.createResponse(SipServletResponse.SC_RINGING).send();
        SipServletResponse ok = invite.createResponse(SipServletResponse.SC_OK);
        if (invite.getContentLength() > 0) {
            ok.setContent(invite.getRawContent(), "application/sdp");
        }
        ok.send();
    }

    @Override
    protected void doBye(SipServletRequest bye) throws ServletException, IOException {
        bye.createResponse(SipServletResponse.SC_OK).send();
        bye.getApplicationSession().invalidate();
    }
}
