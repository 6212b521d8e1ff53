package org.example.testapps.converged;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.sip.ConvergedHttpSession;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;

/**
 * Click to call: {@code GET /<app>/call?to=sip:...} places a call with the SipFactory from the
 * servlet context, in the application session of the caller's HTTP session, waits for the final
 * answer and reports it, with what it could see of the SIP side.
 */
@WebServlet("/call")
public class ClickToCallServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SipServlet.SIP_FACTORY);
        ConvergedHttpSession session = (ConvergedHttpSession) req.getSession();
        SipApplicationSession appSession = session.getApplicationSession();
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        appSession.setAttribute(ClickToCallSipServlet.OUTCOME, outcome);
        SipServletRequest invite = factory.createRequest(appSession, "INVITE", "<sip:c2d@example.org>",
                "<" + req.getParameter("to") + ">");
        invite.setHeader("X-Http-Session", session.getId());
        invite.send();
        int status;
        try {
            status = outcome.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            status = 0;
        }
        List<Object> httpSessions = new ArrayList<>();
        appSession.getSessions("HTTP").forEachRemaining(httpSessions::add);
        resp.setStatus(status / 100 == 2 ? 200 : 502);
        resp.setContentType("text/plain");
        resp.getWriter().print("answered " + status + "\n"
                + "sipSide=" + getServletContext().getAttribute("c2d.sipSide") + "\n"
                + "httpSessionListed=" + httpSessions.contains(session) + "\n"
                + "appSession=" + appSession.getId() + "\n");
    }
}
