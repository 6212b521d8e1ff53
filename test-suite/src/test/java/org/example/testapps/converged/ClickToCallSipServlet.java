package org.example.testapps.converged;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletResponse;

/**
 * The SIP side of the click-to-call test application: acknowledges the answer to the INVITE the
 * web side sent and hands the final status to the web side through the application session. At
 * start it leaves a mark in the servlet context, which the web side must see.
 */
public class ClickToCallSipServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    /** Application session attribute: a CompletableFuture the web side waits on. */
    public static final String OUTCOME = "outcome";

    @Override
    public void init() throws ServletException {
        getServletContext().setAttribute("c2d.sipSide", "ready");
    }

    @Override
    protected void doSuccessResponse(SipServletResponse resp) throws ServletException, IOException {
        if ("INVITE".equals(resp.getMethod())) {
            resp.createAck().send();
            complete(resp);
        }
    }

    @Override
    protected void doErrorResponse(SipServletResponse resp) throws ServletException, IOException {
        complete(resp);
    }

    @SuppressWarnings("unchecked")
    private static void complete(SipServletResponse resp) {
        Object outcome = resp.getApplicationSession().getAttribute(OUTCOME);
        if (outcome instanceof CompletableFuture<?> f) {
            ((CompletableFuture<Integer>) f).complete(resp.getStatus());
        }
    }
}
