package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.AuthInfo;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSessionsUtil;

/**
 * Test application of SIP Servlet 2.0 methods other containers' applications use: a MESSAGE is
 * answered with what getActiveRequest, getCurrentApplicationSession and index keys returned, then
 * the application registers alice with the server's registrar, answering its digest challenge with
 * SipFactory.createAuthInfo and addAuthHeader, and tells the caller the outcome in a MESSAGE.
 */
public class ApiCheckServlet extends SipServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        SipSessionsUtil util = (SipSessionsUtil) getServletContext().getAttribute(SIP_SESSIONS_UTIL);
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Active-Request", String.valueOf(req.getSession().getActiveRequest(req.getId()) == req));
        ok.setHeader("X-Current", String.valueOf(util.getCurrentApplicationSession() == req.getApplicationSession()));
        req.getApplicationSession().addIndexKey("caller-" + req.getCallId());
        ok.setHeader("X-Indexed", String.valueOf(util.getSipApplicationSessionIds("caller-" + req.getCallId())
                .equals(java.util.Set.of(req.getApplicationSession().getId()))));
        ok.send();

        SipApplicationSession registering = factory.createApplicationSession();
        registering.setAttribute("caller", req.getFrom().getURI().toString());
        SipServletRequest register = factory.createRequest(registering, "REGISTER",
                factory.createAddress("<sip:alice@example.com>"), factory.createAddress("<sip:alice@example.com>"));
        prepare(register, req.getLocalPort());
        registering.setAttribute("port", req.getLocalPort());
        register.send();
    }

    private void prepare(SipServletRequest register, int port) throws ServletException {
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        register.setRequestURI(factory.createURI("sip:127.0.0.1:" + port));
        register.setHeader("Contact", "<sip:alice@127.0.0.1:5999>");
        register.setHeader("Expires", "60");
    }

    @Override
    protected void doErrorResponse(SipServletResponse resp) throws ServletException, IOException {
        if (!"REGISTER".equals(resp.getMethod()) || (resp.getStatus() != 401 && resp.getStatus() != 407)
                || resp.getApplicationSession().getAttribute("challenged") != null) {
            report(resp.getApplicationSession(), "failed " + resp.getStatus());
            return;
        }
        resp.getApplicationSession().setAttribute("challenged", Boolean.TRUE);
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        AuthInfo credentials = factory.createAuthInfo();
        for (String realm : resp.getChallengeRealmSet()) {
            credentials.addAuthInfo(resp.getStatus(), realm, "alice", "wonderland");
        }
        SipServletRequest again = resp.getSession().createRequest("REGISTER");
        prepare(again, (Integer) resp.getApplicationSession().getAttribute("port"));
        again.addAuthHeader(resp, credentials);
        again.send();
    }

    @Override
    protected void doSuccessResponse(SipServletResponse resp) throws ServletException, IOException {
        if ("REGISTER".equals(resp.getMethod())) {
            report(resp.getApplicationSession(), "registered after " + resp.getRequest().getHeader("CSeq"));
        }
    }

    private void report(SipApplicationSession session, String text) throws ServletException, IOException {
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletRequest message = factory.createRequest(factory.createApplicationSession(), "MESSAGE",
                factory.createAddress("<sip:apicheck@example.org>"),
                factory.createAddress("<" + session.getAttribute("caller") + ">"));
        message.setContent(text, "text/plain");
        message.send();
    }
}
