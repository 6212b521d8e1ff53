package org.example.testkit;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.annotation.SipApplication;

/**
 * The test kit's own test application: answers INVITE (180 then 200) and BYE, and proxies MESSAGE to
 * its Request-URI, so a test can play both caller and callee. Outside io.sipcontainer, as a user's
 * application is (the container hides its own packages from applications).
 */
@jakarta.servlet.sip.annotation.SipServlet(name = "kit", applicationName = "kit")
@SipApplication(name = "kit", mainServlet = "kit")
public class KitServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(180).send();
        req.getApplicationSession().setAttribute("caller", req.getFrom().getURI().toString());
        req.createResponse(200).send();
    }

    @Override
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(200).send();
        req.getApplicationSession().invalidate();
    }

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        req.getProxy().proxyTo(req.getRequestURI());
    }
}
