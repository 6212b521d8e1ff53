package org.example.testapps;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.B2buaHelper;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;

/**
 * Test B2BUA relaying reliable provisional responses (RFC 3262): {@link B2buaServlet}, except that
 * a reliable 1xx from the callee goes to the caller with {@code sendReliably()} on the response
 * {@code createResponseToOriginalRequest} gives. The caller's PRACK crosses to the callee like any
 * in-dialog request ({@code B2buaHelper.createRequest(session, prack, null)}, whose RAck the
 * container sets to the callee's RSeq) and the callee's 200 to it comes back through
 * {@code getLinkedSipServletRequest}.
 */
public class B2buaPrackServlet extends B2buaServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doResponse(SipServletResponse resp) throws ServletException, IOException {
        if (!resp.isReliableProvisional() || !resp.getRequest().isInitial()) {
            super.doResponse(resp);
            return;
        }
        B2buaHelper b2b = resp.getRequest().getB2buaHelper();
        SipSession caller = b2b.getLinkedSession(resp.getSession());
        SipServletResponse relayed = b2b.createResponseToOriginalRequest(caller, resp.getStatus(),
                resp.getReasonPhrase());
        byte[] body = resp.getRawContent();
        if (body != null && body.length > 0) {
            relayed.setContent(body, resp.getContentType());
        }
        relayed.sendReliably();
    }
}
