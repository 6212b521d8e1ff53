package org.example.testapps;

import java.io.IOException;
import java.util.ListIterator;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.service.DigestAuth;
import io.sipcontainer.service.Services;

/**
 * Test application guarding REGISTER and MESSAGE with the container's DigestAuth as Kamailio's
 * sample configuration does: {@code auth_check("$fd", "subscriber", "1")}, a challenge when it
 * fails, 403 "Forbidden auth ID" when the authenticated user is not the one in To/From, and
 * {@code consume_credentials()} before answering 200. The 200 tells the test, in
 * {@code X-Credentials-Left}, how many credential headers the request still carries.
 */
public class AuthServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    private transient DigestAuth auth;

    @Override
    public void init() throws ServletException {
        auth = Services.get(getServletContext(), DigestAuth.class);
    }

    @Override
    protected void doRegister(SipServletRequest req) throws ServletException, IOException {
        guard(req, "Authorization");
    }

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        guard(req, "Proxy-Authorization");
    }

    private void guard(SipServletRequest req, String credentialsHeader) throws IOException {
        DigestAuth.Result result = auth.check(req, null, true);
        switch (result) {
            case OK -> {
                auth.consumeCredentials(req);
                int left = 0;
                for (ListIterator<String> it = req.getHeaders(credentialsHeader); it.hasNext(); it.next()) {
                    left++;
                }
                SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
                ok.setHeader("X-Credentials-Left", Integer.toString(left));
                ok.send();
            }
            case AUTH_USER_MISMATCH -> req.createResponse(SipServletResponse.SC_FORBIDDEN, "Forbidden auth ID").send();
            default -> auth.challenge(req, null, result);
        }
    }
}
