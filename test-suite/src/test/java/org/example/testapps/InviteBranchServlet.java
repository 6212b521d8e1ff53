package org.example.testapps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.InviteBranch;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;

/**
 * Test UAS of the two orderings around an INVITE's early dialogs. To {@code sip:branches@...} it
 * answers from two {@link InviteBranch}es (a 180 from the first, a 183 from the second, the 200
 * from the second) and checks what the API says about them; the BYE's 200 carries the checks made
 * after the final response ({@code X-Checks}). To {@code sip:offer@...} (RFC 3262 order) it sends a
 * reliable 183 with an SDP offer, tries a 200 at once (which must be refused), sends a reliable
 * 180 (which must wait for the 183's PRACK) and answers 200 after the 180's PRACK; that 200
 * carries the checks.
 */
public class InviteBranchServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n";

    @Override
    protected void doInvite(SipServletRequest req) throws ServletException, IOException {
        String user = ((jakarta.servlet.sip.SipURI) req.getRequestURI()).getUser();
        if ("offer".equals(user)) {
            offerInReliableProvisional(req);
        } else {
            answerFromTwoBranches(req);
        }
    }

    private void answerFromTwoBranches(SipServletRequest req) throws IOException {
        List<String> failed = new ArrayList<>();
        InviteBranch first = req.createInviteBranch();
        InviteBranch second = req.createInviteBranch();
        check(failed, first.getSession() == req.getSession(), "first branch in the INVITE's session");
        check(failed, second.getSession() != first.getSession(), "second branch in a session of its own");
        check(failed, first.getRequest() == req && second.getRequest() == req, "getRequest is the INVITE");
        check(failed, second.getSession().getActiveInviteBranch() == second, "getActiveInviteBranch");
        check(failed, req.getSession().getForkingContext().getSessions().size() == 2, "one forking context");
        SipServletResponse ringing = first.createResponse(SipServletResponse.SC_RINGING);
        check(failed, ringing.getInviteBranch() == first, "getInviteBranch of a branch's response");
        check(failed, req.createResponse(SipServletResponse.SC_TRYING).getInviteBranch() == null,
                "getInviteBranch of a response made from the request");
        ringing.send();
        second.createResponse(SipServletResponse.SC_SESSION_PROGRESS, "Second").send();
        SipServletResponse ok = second.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Checks", failed.isEmpty() ? "ok" : String.join("; ", failed));
        ok.send();

        List<String> after = new ArrayList<>();
        check(after, second.getSession().getActiveInviteBranch() == null, "no active branch after the 200");
        check(after, first.getSession().getState() == SipSession.State.TERMINATED, "the other early dialog ended");
        check(after, refused(() -> first.createResponse(200)), "the other branch cannot answer too");
        check(after, refused(req::createInviteBranch), "no branch after the final response");
        second.getSession().setAttribute("after", after.isEmpty() ? "ok" : String.join("; ", after));
    }

    private void offerInReliableProvisional(SipServletRequest req) throws IOException, ServletException {
        SipServletResponse progress = req.createResponse(SipServletResponse.SC_SESSION_PROGRESS);
        progress.setContent(SDP, "application/sdp");
        progress.sendReliably();
        List<String> failed = new ArrayList<>();
        check(failed, refused(() -> req.createResponse(SipServletResponse.SC_OK).send()),
                "2xx refused while the 183's offer has no PRACK");
        SipServletResponse ringing = req.createResponse(SipServletResponse.SC_RINGING);
        ringing.sendReliably(); // held back by the container until the 183's PRACK
        req.getSession().setAttribute("checks", failed.isEmpty() ? "ok" : String.join("; ", failed));
    }

    @Override
    protected void doPrack(SipServletRequest req) throws ServletException, IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
        Integer pracks = (Integer) req.getSession().getAttribute("pracks");
        pracks = pracks == null ? 1 : pracks + 1;
        req.getSession().setAttribute("pracks", pracks);
        if (pracks == 2) { // the held-back 180's PRACK: both reliable 1xx are acknowledged
            SipServletRequest invite = req.getSession().getActiveInvite(jakarta.servlet.sip.UAMode.UAS);
            SipServletResponse ok = invite.createResponse(SipServletResponse.SC_OK);
            ok.setHeader("X-Checks", String.valueOf(req.getSession().getAttribute("checks")));
            ok.send();
        }
    }

    @Override
    protected void doAck(SipServletRequest req) {
    }

    @Override
    protected void doBye(SipServletRequest req) throws ServletException, IOException {
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Checks", String.valueOf(req.getSession().getAttribute("after")));
        ok.send();
    }

    private static void check(List<String> failed, boolean ok, String what) {
        if (!ok) {
            failed.add(what);
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static boolean refused(Action action) {
        try {
            action.run();
            return false;
        } catch (IllegalStateException expected) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
