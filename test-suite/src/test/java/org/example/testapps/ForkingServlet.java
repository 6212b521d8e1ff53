package org.example.testapps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.ForkingContext;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;

/**
 * Test UAC of ForkingContext (JSR 359): a MESSAGE whose body is a SIP URI makes it call that URI;
 * each early dialog of the forked INVITE is a session of one forking context, whose attributes all of
 * them share. On the 200 it acknowledges the answer, tells the caller in a MESSAGE what the context
 * held, and ends every dialog of the context with {@code terminateDialogs()}.
 */
public class ForkingServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
        String target = new String(req.getRawContent(), StandardCharsets.UTF_8).trim();
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        jakarta.servlet.sip.SipApplicationSession call = factory.createApplicationSession();
        call.setAttribute("caller", req.getFrom().getURI().toString());
        factory.createRequest(call, "INVITE",
                factory.createAddress("<sip:forking@example.org>"), factory.createAddress("<" + target + ">")).send();
    }

    @Override
    protected void doProvisionalResponse(SipServletResponse resp) {
        ForkingContext context = resp.getSession().getForkingContext();
        Integer seen = (Integer) context.getAttribute("early");
        context.setAttribute("early", seen == null ? 1 : seen + 1);
    }

    @Override
    protected void doSuccessResponse(SipServletResponse resp) throws ServletException, IOException {
        if (!"INVITE".equals(resp.getMethod())) {
            return;
        }
        resp.createAck().send();
        ForkingContext context = resp.getSession().getForkingContext();
        int sessions = context.getSessions().size();
        boolean sameContext = true;
        for (SipSession s : context.getSessions()) {
            sameContext &= context.equals(s.getForkingContext()) && s.getForkingContext().getAttribute("early") != null;
        }
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletRequest report = factory.createRequest(factory.createApplicationSession(), "MESSAGE",
                factory.createAddress("<sip:forking@example.org>"),
                factory.createAddress("<" + resp.getApplicationSession().getAttribute("caller") + ">"));
        report.setContent("early=" + context.getAttribute("early") + " sessions=" + sessions + " shared=" + sameContext,
                "text/plain");
        report.send();
        context.terminateDialogs();
    }
}
