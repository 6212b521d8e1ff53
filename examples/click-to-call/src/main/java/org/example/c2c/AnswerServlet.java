package org.example.c2c;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * The SIP side of click to call: receives the answer to the INVITE {@link CallServlet} sent,
 * acknowledges a 2xx, and hands the status to the waiting web request; hangs up on BYE.
 */
@jakarta.servlet.sip.annotation.SipServlet(name = "c2c")
public class AnswerServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    static final String ANSWER = "c2c.answer";

    @Override
    protected void doSuccessResponse(SipServletResponse response) throws ServletException, IOException {
        if ("INVITE".equals(response.getMethod())) {
            response.createAck().send();
            complete(response);
        }
    }

    @Override
    protected void doErrorResponse(SipServletResponse response) {
        complete(response);
    }

    @Override
    protected void doBye(SipServletRequest bye) throws ServletException, IOException {
        bye.createResponse(SipServletResponse.SC_OK).send();
        bye.getApplicationSession().invalidate();
    }

    @SuppressWarnings("unchecked")
    private static void complete(SipServletResponse response) {
        Object answer = response.getApplicationSession().getAttribute(ANSWER);
        if (answer instanceof CompletableFuture<?> future) {
            ((CompletableFuture<Integer>) future).complete(response.getStatus());
        }
    }
}
