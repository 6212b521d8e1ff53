package org.example.c2c;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;

/**
 * {@code GET /c2c/call?to=sip:...} calls that URI with the application's SipFactory and answers
 * with the status the callee gave, once {@link AnswerServlet} has it (or 504 after 10 s).
 */
@WebServlet("/call")
public class CallServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SipServlet.SIP_FACTORY);
        SipApplicationSession session = factory.createApplicationSession();
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        session.setAttribute(AnswerServlet.ANSWER, answer);
        SipServletRequest invite = factory.createRequest(session, "INVITE", "<sip:c2c@example.org>",
                "<" + req.getParameter("to") + ">");
        invite.send();
        int status;
        try {
            status = answer.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            status = 0;
        }
        resp.setStatus(status == 0 ? HttpServletResponse.SC_GATEWAY_TIMEOUT : HttpServletResponse.SC_OK);
        resp.setContentType("text/plain");
        resp.getWriter().print("answered " + status + "\n");
    }
}
