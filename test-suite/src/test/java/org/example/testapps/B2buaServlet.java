package org.example.testapps;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.B2buaHelper;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.UAMode;

/**
 * Test B2BUA: bridges a call to the URI in the caller's {@code X-Target} header (or the {@code
 * target} context parameter) with the B2buaHelper, as a B2BUA is usually written: the INVITE is
 * copied to a linked leg, responses to the initial INVITE go back with
 * createResponseToOriginalRequest on the linked session (a forked early dialog thereby gets its
 * own upstream dialog), the callee's 2xx is acknowledged when the caller's ACK arrives, and any
 * other in-dialog request and its response cross to the other leg. A CANCEL is relayed too.
 */
public class B2buaServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    static final String TARGET_HEADER = "X-Target";

    @Override
    protected void doRequest(SipServletRequest req) throws ServletException, IOException {
        String method = req.getMethod();
        if (req.isInitial() && "INVITE".equals(method)) {
            startCall(req);
        } else if ("ACK".equals(method)) {
            acknowledge(req);
        } else if ("CANCEL".equals(method)) {
            B2buaHelper b2b = req.getB2buaHelper();
            SipSession other = b2b.getLinkedSession(req.getSession());
            if (other != null && other.isValid()) {
                b2b.createCancel(other).send();
            }
        } else if (req.isInitial()) {
            req.createResponse(SipServletResponse.SC_NOT_IMPLEMENTED).send();
        } else {
            B2buaHelper b2b = req.getB2buaHelper();
            SipSession other = b2b.getLinkedSession(req.getSession());
            if (other == null || !other.isValid()) {
                req.createResponse(SipServletResponse.SC_CALL_LEG_DONE).send();
                return;
            }
            if ("BYE".equals(method)) {
                // the caller's BYE may overtake its ACK: the callee's 2xx is acknowledged first
                acknowledgeAnswers(b2b, other, null);
            }
            b2b.createRequest(other, req, null).send();
        }
    }

    private void startCall(SipServletRequest req) throws ServletException, IOException {
        String target = req.getHeader(TARGET_HEADER);
        if (target == null) {
            target = getServletContext().getInitParameter("target");
        }
        if (target == null) {
            req.createResponse(SipServletResponse.SC_BAD_REQUEST, "No " + TARGET_HEADER).send();
            return;
        }
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletRequest out = req.getB2buaHelper().createRequest(req, true, Map.of());
        out.removeHeader(TARGET_HEADER);
        out.setRequestURI(factory.createURI(target));
        out.send();
    }

    /** The caller's ACK: the ACK of the callee's 2xx that waits on the other leg, with the caller's body. */
    private void acknowledge(SipServletRequest ack) throws IOException {
        B2buaHelper b2b = ack.getB2buaHelper();
        SipSession other = b2b.getLinkedSession(ack.getSession());
        if (other == null) {
            return;
        }
        acknowledgeAnswers(b2b, other, ack);
    }

    /** ACKs the 2xx responses waiting on a leg, with the body of the ACK being relayed if any. */
    private static void acknowledgeAnswers(B2buaHelper b2b, SipSession leg, SipServletRequest ack) throws IOException {
        for (SipServletMessage pending : b2b.getPendingMessages(leg, UAMode.UAC)) {
            if (pending instanceof SipServletResponse ok && "INVITE".equals(ok.getMethod())) {
                SipServletRequest relayed = ok.createAck();
                if (ack != null) {
                    copyBody(ack, relayed);
                }
                relayed.send();
            }
        }
    }

    @Override
    protected void doResponse(SipServletResponse resp) throws ServletException, IOException {
        if (resp.getStatus() == SipServletResponse.SC_TRYING) {
            return;
        }
        B2buaHelper b2b = resp.getRequest().getB2buaHelper();
        SipServletRequest request = resp.getRequest();
        SipServletResponse relayed;
        if (request.isInitial() && "INVITE".equals(resp.getMethod())) {
            SipSession caller = b2b.getLinkedSession(resp.getSession());
            SipServletRequest original = b2b.getLinkedSipServletRequest(request);
            if (caller == null || original == null || original.getFinalResponse() != null) {
                return; // e.g. the 487 after the caller's CANCEL: the container already answered it
            }
            relayed = b2b.createResponseToOriginalRequest(caller, resp.getStatus(), resp.getReasonPhrase());
        } else if ("CANCEL".equals(resp.getMethod())) {
            return;
        } else {
            SipServletRequest linked = b2b.getLinkedSipServletRequest(request);
            if (linked == null) {
                return;
            }
            relayed = linked.createResponse(resp.getStatus(), resp.getReasonPhrase());
        }
        copyBody(resp, relayed);
        relayed.send();
    }

    /**
     * Copies the body and, as B2BUAs written for other containers do, its Content-Length (which
     * made the container throw and the caller never get the 200: issue 16 #1).
     */
    private static void copyBody(SipServletMessage from, SipServletMessage to) throws IOException {
        byte[] body = from.getRawContent();
        if (body != null && body.length > 0) {
            to.setContent(body, from.getContentType());
        }
        to.setContentLength(from.getContentLength());
    }
}
