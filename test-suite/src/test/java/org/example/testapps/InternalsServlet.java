package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.session.SipSessionImpl;

/**
 * An application reaching past the services API into the container's session class (it compiles
 * here because the test suite has the container on its class path): deployment must refuse it.
 */
public class InternalsServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doOptions(SipServletRequest req) throws ServletException, IOException {
        int status = req.getSession() instanceof SipSessionImpl ? SipServletResponse.SC_OK
                : SipServletResponse.SC_SERVER_INTERNAL_ERROR;
        req.createResponse(status).send();
    }
}
