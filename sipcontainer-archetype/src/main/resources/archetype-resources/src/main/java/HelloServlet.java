package ${package};

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/** Answers calls (and OPTIONS), greeting in an X-Greeting header: change it, mvn compile, and see it redeployed. */
@jakarta.servlet.sip.annotation.SipServlet(name = "hello")
public class HelloServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    static final String GREETING = "hello";

    @Override
    protected void doInvite(SipServletRequest invite) throws ServletException, IOException {
        invite.createResponse(SipServletResponse.SC_RINGING).send();
        SipServletResponse ok = invite.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Greeting", GREETING);
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

    @Override
    protected void doOptions(SipServletRequest options) throws ServletException, IOException {
        SipServletResponse ok = options.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Greeting", GREETING);
        ok.send();
    }
}
