package io.sipcontainer.apps.options;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Answers OPTIONS sent to the server with 200 and what the server can do (RFC 3261 section
 * 11): the methods it allows, the body types and extensions it accepts. The lists come from
 * init parameters so operators can change them in sip.xml without rebuilding the app.
 */
@jakarta.servlet.sip.annotation.SipServlet(name = "options", loadOnStartup = 1)
public class OptionsServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    static final String DEFAULT_ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, MESSAGE, INFO, UPDATE, "
            + "PRACK, SUBSCRIBE, NOTIFY, REFER, PUBLISH";
    static final String DEFAULT_ACCEPT = "application/sdp";
    static final String DEFAULT_SUPPORTED = "path, outbound, gruu";

    private String allow;
    private String accept;
    private String supported;

    @Override
    public void init() throws ServletException {
        allow = param("allow", DEFAULT_ALLOW);
        accept = param("accept", DEFAULT_ACCEPT);
        supported = param("supported", DEFAULT_SUPPORTED);
    }

    private String param(String name, String fallback) {
        String v = getInitParameter(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    @Override
    protected void doOptions(SipServletRequest req) throws ServletException, IOException {
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("Allow", allow);
        ok.setHeader("Accept", accept);
        ok.setHeader("Accept-Language", "en");
        ok.setHeader("Supported", supported);
        ok.send();
    }
}
