package io.sipcontainer.message;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import jakarta.servlet.sip.ServletParseException;
import jakarta.servlet.sip.SipSession.State;

import io.sipcontainer.session.ActiveMessages;
import io.sipcontainer.session.DialogState;
import io.sipcontainer.session.Forks;
import io.sipcontainer.session.SipSessionImpl;
import io.sipcontainer.transport.Connector;

/**
 * Keeps a session's dialog state in step with the messages that pass (RFC 3261 section 12):
 * received and sent requests and responses each move it as the SIP Servlet state diagram says.
 * One place for these rules, called by the stack bridge on the way in and out.
 */
public final class DialogEvents {
    private DialogEvents() {
    }

    /** An initial request arrived for a new UAS session. */
    public static void initialRequestReceived(SipServletRequestImpl request) {
        SIPMessage m = request.jainMessage();
        DialogState d = request.sipSession().dialog();
        d.initAsUas(request.getTo(), request.getFrom(), request.jainRequest().getFromTag(),
                contactUri(m), headerValues(m, "Record-Route"), m.getCSeq().getSeqNumber());
        d.setSecure(request.isSecure());
        ActiveMessages active = request.sipSession().activeMessages();
        active.setOriginal(request);
        active.requestReceived(request);
    }

    /**
     * A request arrived inside the dialog; false when its CSeq is older than the last one,
     * which RFC 3261 12.2.2 answers with 500.
     */
    public static boolean subsequentRequestReceived(SipServletRequestImpl request) {
        SIPMessage m = request.jainMessage();
        DialogState d = request.sipSession().dialog();
        String method = request.getMethod();
        if (!d.acceptRemoteCSeq(m.getCSeq().getSeqNumber(), "ACK".equals(method) || "CANCEL".equals(method))) {
            return false;
        }
        if ("INVITE".equals(method) || "UPDATE".equals(method)) {
            d.setRemoteTarget(contactUri(m));
        }
        if (!"ACK".equals(method)) {
            request.sipSession().activeMessages().requestReceived(request);
        } else {
            request.setAcknowledgedResponse(request.sipSession().activeMessages().okSentFor(m.getCSeq().getSeqNumber()));
        }
        return true;
    }

    public static void beforeRequestSent(SipServletRequestImpl request, Connector c) {
        SIPMessage m = request.jainMessage();
        if (Methods.carriesContact(request.getMethod()) && m.getHeader("Contact") == null) {
            String user = request.jainRequest().getFrom().getAddress().getURI() instanceof javax.sip.address.SipURI u
                    ? u.getUser() : null;
            request.setHeaderInternal("Contact", ResponseBuilder.contactOf(c, user));
        }
        SipSessionImpl session = request.sipSession();
        if (session == null) {
            return;
        }
        ActiveMessages active = session.activeMessages();
        if ("ACK".equals(request.getMethod())) {
            active.ackSent(m.getCSeq().getSeqNumber());
            return;
        }
        if ("PRACK".equals(request.getMethod())) {
            ReliableProvisionals.prackSent(request);
        }
        if (request.isInitial() && (active.original() == null || session.dialog().state() == State.INITIAL)) {
            active.setOriginal(request);
        }
        active.requestSent(request);
    }

    public static void beforeResponseSent(SipServletResponseImpl response) {
        SipSessionImpl session = response.sipSession();
        if (session == null) {
            return;
        }
        DialogState d = session.dialog();
        int status = response.getStatus();
        String method = response.getMethod();
        SipServletRequestImpl request = response.requestImpl();
        boolean creating = request.isInitial() && Methods.isDialogCreating(method);
        if (creating && status > 100 && status < 300) {
            d.establishAsUas(status >= 200);
            session.bindDialog();
        } else if (creating && status >= 300) {
            d.failed();
        } else if ("BYE".equals(method) && endsDialog(status)) {
            d.terminate();
        }
        if (status >= 200 && request.sipSession() != null) {
            if (status < 300 && "INVITE".equals(method)) {
                session.activeMessages().okSent(response);
            }
            ReliableProvisionals.finalResponseSent(response);
            request.sipSession().activeMessages().answered(request);
            if (creating) {
                Forks.finalResponse(request.sipSession(), session);
                if (request.transaction().isProxied()) {
                    request.sipSession().activeMessages().forgetOriginal(request);
                }
            }
        }
    }

    /**
     * A response arrived for a request this session sent. A dialog-creating response with another
     * To tag than the session's dialog moves to a derived session ({@link Forks}).
     */
    public static void responseReceived(SipServletResponseImpl response) {
        SipSessionImpl session = response.sipSession();
        SipServletRequestImpl request = response.requestImpl();
        int status = response.getStatus();
        String method = response.getMethod();
        SIPMessage m = response.jainMessage();
        String toTag = response.jainResponse().getToTag();
        if (status > 100 && status < 300 && request.isInitial() && Methods.isDialogCreating(method)) {
            SipSessionImpl dialogSession = Forks.sessionForResponse(session, toTag);
            if (dialogSession != session) {
                response.setSipSession(dialogSession);
                session = dialogSession;
            }
        }
        DialogState d = session.dialog();
        boolean creating = Methods.isDialogCreating(method) && d.state() != State.CONFIRMED
                && d.state() != State.TERMINATED && request.isInitial();
        if (status >= 200) {
            requestAnswered(request, response, session, creating);
        }
        if (status < 200) {
            if (status > 100) {
                request.responded(response);
                ReliableProvisionals.noteReceived(response, session);
                if (creating && toTag != null) {
                    d.establishAsUac(toTag, contactUri(m), headerValues(m, "Record-Route"), false);
                    session.bindDialog();
                }
            }
            return;
        }
        request.responded(response);
        if (status < 300) {
            if (creating) {
                d.establishAsUac(toTag, contactUri(m), headerValues(m, "Record-Route"), true);
                session.bindDialog();
            } else if ("INVITE".equals(method) || "UPDATE".equals(method)) {
                d.setRemoteTarget(contactUri(m));
            } else if ("BYE".equals(method)) {
                d.terminate();
            }
            SessionTimers.responseReceived(response);
        } else if (creating) {
            d.failed();
        } else if ("BYE".equals(method) && endsDialog(status)) {
            d.terminate();
        }
    }

    /**
     * Whether a final response to BYE ends the dialog: a 2xx, and also 481 and 408 (the timeout
     * included), after which RFC 3261 15.1.1 has the UAC consider the dialog terminated.
     */
    private static boolean endsDialog(int byeStatus) {
        return (byeStatus >= 200 && byeStatus < 300) || byeStatus == 481 || byeStatus == 408;
    }

    /**
     * Bookkeeping when a request this side sent gets its final response: no longer pending, its
     * transaction done for the session (the stack's COMPLETED state only absorbs retransmissions),
     * a 2xx to INVITE waiting for the ACK, early forked siblings ended.
     */
    private static void requestAnswered(SipServletRequestImpl request, SipServletResponseImpl response,
            SipSessionImpl session, boolean creating) {
        SipSessionImpl owner = request.sipSession();
        owner.activeMessages().answered(request);
        javax.sip.ClientTransaction ct = request.transaction().clientTransaction();
        if (ct != null && !"CANCEL".equals(request.getMethod())) {
            // a CANCEL shares its INVITE's branch: the INVITE is still going on
            owner.transactionEnded(ct.getBranchId());
        }
        int status = response.getStatus();
        if (status < 300 && "INVITE".equals(request.getMethod())) {
            session.activeMessages().okReceived(response);
        }
        if (creating) {
            Forks.finalResponse(owner, session);
        }
    }

    private static List<String> headerValues(SIPMessage m, String name) {
        ListIterator<?> it = m.getHeaders(name);
        if (it == null || !it.hasNext()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(2);
        while (it.hasNext()) {
            values.add(((SIPHeader) it.next()).getHeaderValue());
        }
        return values;
    }

    private static String contactUri(SIPMessage m) {
        SIPHeader contact = (SIPHeader) m.getHeader("Contact");
        if (contact == null) {
            return null;
        }
        try {
            return AddressParser.parse(contact.getHeaderValue()).getURI().toString();
        } catch (ServletParseException | RuntimeException e) {
            return null;
        }
    }
}
