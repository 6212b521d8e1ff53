package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test application that tells who answered: INFO gets a 200 carrying {@code X-Servlet} with this
 * servlet's name from sip.xml, so a test can tell a hot-deployed copy's answers from any other.
 */
public class NamedServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doInfo(SipServletRequest req) throws IOException {
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Servlet", getServletName());
        ok.send();
    }
}
