package io.sipcontainer.message;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import jakarta.servlet.sip.Rel100Exception;
import jakarta.servlet.sip.SipErrorEvent;
import jakarta.servlet.sip.SipErrorListener;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.UAMode;

import io.sipcontainer.session.Forks;
import io.sipcontainer.session.ListenerCalls;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Reliable provisional responses, RFC 3262 ("100rel"), both ways. As a UAS: a 101-199 response
 * to an INVITE that allows it is sent with {@code Require: 100rel} and an RSeq, retransmitted until
 * its PRACK (the stack bridge's timer), and the PRACK is matched by its RAck; when none comes the
 * application's SipErrorListeners hear of it, and the INVITE is rejected with 504 unless they did. As a UAC: a reliable 1xx is processed once (retransmissions
 * and ones out of order are dropped) and waits for the application's PRACK ({@code createPrack}).
 */
public final class ReliableProvisionals {
    private static final Logger LOG = LoggerFactory.getLogger(ReliableProvisionals.class);
    static final String TAG = "100rel";

    private ReliableProvisionals() {
    }

    /** The option tags of a message's headers with this name (Require, Supported, Unsupported...), lower case. */
    public static Set<String> optionTags(SIPMessage m, String name) {
        Set<String> tags = new LinkedHashSet<>();
        ListIterator<?> it = m.getHeaders(name);
        while (it != null && it.hasNext()) {
            for (String t : ((SIPHeader) it.next()).getHeaderValue().split(",")) {
                if (!t.isBlank()) {
                    tags.add(t.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return tags;
    }

    /** The RSeq of a message, or -1 when it has none. */
    static long rseqOf(SIPMessage m) {
        SIPHeader h = (SIPHeader) m.getHeader("RSeq");
        try {
            return h == null ? -1 : Long.parseLong(h.getHeaderValue().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A RAck header's three parts (RFC 3262 7.2); null when absent or malformed. */
    private record RAck(long rseq, long cseq, String method) {
        static RAck of(SIPMessage m) {
            SIPHeader h = (SIPHeader) m.getHeader("RAck");
            String[] parts = h == null ? new String[0] : h.getHeaderValue().trim().split("\\s+");
            try {
                return parts.length == 3 ? new RAck(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A 101-199 response carrying an RSeq. */
    static boolean isReliable(SipServletResponseImpl response) {
        int status = response.getStatus();
        return status > 100 && status < 200 && rseqOf(response.jainMessage()) >= 0;
    }

    /** Whether a provisional response to this request must go reliably: the UAC sent Require: 100rel. */
    static boolean required(SipServletRequestImpl request) {
        return "INVITE".equals(request.getMethod()) && optionTags(request.jainMessage(), "Require").contains(TAG);
    }

    /** Checks that a response may be sent reliably, as {@code sendReliably} documents. */
    static void checkReliable(SipServletResponseImpl response) throws Rel100Exception {
        int status = response.getStatus();
        if (status <= 100 || status >= 200) {
            throw new Rel100Exception(Rel100Exception.NOT_1XX);
        }
        SipServletRequestImpl request = response.requestImpl();
        if (!"INVITE".equals(request.getMethod())) {
            throw new Rel100Exception(Rel100Exception.NOT_INVITE);
        }
        SIPMessage m = request.jainMessage();
        if (!optionTags(m, "Supported").contains(TAG) && !optionTags(m, "Require").contains(TAG)) {
            throw new Rel100Exception(Rel100Exception.NO_REQ_SUPPORT);
        }
    }

    /**
     * Sends a checked 1xx reliably: adds {@code Require: 100rel} and the transaction's next RSeq,
     * notes it as unacknowledged in its session, and has the stack retransmit it until its PRACK.
     */
    static void send(SipServletResponseImpl response) throws IOException {
        SipServletRequestImpl request = response.requestImpl();
        long rseq = request.transaction().nextRSeq();
        Set<String> require = optionTags(response.jainMessage(), "Require");
        require.add(TAG);
        response.setHeaderInternal("Require", String.join(", ", require));
        response.setHeaderInternal("RSeq", Long.toString(rseq));
        SipSessionImpl session = response.sipSession();
        if (session != null) {
            session.activeMessages().reliableProvisional(response, UAMode.UAS);
        }
        response.services().sender().sendReliably(response, rseq, () -> noPrack(response));
    }

    /** 64*T1 passed without PRACK: RFC 3262 section 3 has the UAS reject the request with a 5xx. */
    private static void noPrack(SipServletResponseImpl response) {
        SipSessionImpl session = response.sipSession();
        if (session != null && session.applicationSession() != null) {
            // on the scheduler's thread: the INVITE's state belongs to its application session's turn
            session.applicationSession().executor().execute(() -> rejectUnacknowledged(response));
        } else {
            rejectUnacknowledged(response);
        }
    }

    private static void rejectUnacknowledged(SipServletResponseImpl response) {
        SipServletRequestImpl request = response.requestImpl();
        SipSessionImpl session = response.sipSession();
        if (!request.isFinalResponseSent() && session != null && session.applicationSession() != null
                && session.applicationSession().context() != null) {
            // JSR 359: the application hears of it (SipErrorListener) and may reject the INVITE itself
            ListenerCalls.each(session.applicationSession().context(), SipErrorListener.class, "noPrackReceived",
                    l -> l.noPrackReceived(new SipErrorEvent(request, response)));
        }
        if (request.isFinalResponseSent()) {
            return;
        }
        LOG.info("No PRACK for the {} to INVITE {}: rejecting the INVITE with 504", response.getStatus(),
                request.getCallId());
        try {
            request.createResponse(504, "No PRACK").send();
        } catch (RuntimeException | IOException e) {
            LOG.debug("Could not reject INVITE {} after its unacknowledged 1xx: {}", request.getCallId(), e.toString());
        }
    }

    /**
     * A PRACK arrived in the dialog of its session (UAS): true when its RAck names a reliable 1xx
     * the session sent and still waits for, which is then acknowledged and no longer retransmitted;
     * false otherwise, which RFC 3262 section 3 answers with 481.
     */
    public static boolean prackReceived(SipServletRequestImpl prack) {
        RAck rack = RAck.of(prack.jainMessage());
        SipSessionImpl session = prack.sipSession();
        if (rack == null || session == null) {
            return false;
        }
        SipServletResponse acknowledged = session.activeMessages().acknowledge(UAMode.UAS, rack.rseq(),
                rack.cseq(), rack.method());
        if (acknowledged == null) {
            return false;
        }
        String toTag = ((SipServletResponseImpl) acknowledged).jainResponse().getToTag();
        prack.services().sender().prackReceived(prack.getCallId(), toTag, rack.rseq());
        ProvisionalOrder.acknowledged(session);
        return true;
    }

    /** A PRACK the application sends (UAC): the 1xx its RAck names is acknowledged. */
    static void prackSent(SipServletRequestImpl prack) {
        RAck rack = RAck.of(prack.jainMessage());
        if (rack != null && prack.sipSession() != null) {
            prack.sipSession().activeMessages().acknowledge(UAMode.UAC, rack.rseq(), rack.cseq(), rack.method());
        }
    }

    /**
     * A reliable 1xx arrived for a request an application sent (not one a proxy relays): false for a
     * retransmission or one out of order, which the application must not see; otherwise it waits
     * for the application's PRACK.
     */
    public static boolean arrived(SipServletResponseImpl response) {
        if (!isReliable(response)) {
            return true;
        }
        return response.requestImpl().transaction().acceptRSeq(rseqOf(response.jainMessage()));
    }

    /** The PRACK for a received reliable 1xx, in the 1xx's (early) dialog, with its RAck. */
    static SipServletRequestImpl createPrack(SipServletResponseImpl response) throws Rel100Exception {
        int status = response.getStatus();
        if (status <= 100 || status >= 200) {
            throw new Rel100Exception(Rel100Exception.NOT_1XX);
        }
        if (!response.isIncoming() || !isReliable(response)) {
            throw new Rel100Exception(Rel100Exception.NOT_100rel);
        }
        SipServletRequestImpl prack = RequestBuilder.inDialog(response.services(), response.sipSession(), "PRACK");
        prack.setHeaderInternal("RAck", rseqOf(response.jainMessage()) + " "
                + response.jainResponse().getCSeq().getSeqNumber() + " " + response.getMethod());
        return prack;
    }

    /**
     * The final response to an INVITE leaves: its reliable 1xx are no longer retransmitted (a
     * PRACK that still comes for one is answered as usual).
     */
    static void finalResponseSent(SipServletResponseImpl response) {
        SipSessionImpl session = response.sipSession();
        if (session == null || !"INVITE".equals(response.getMethod())) {
            return;
        }
        long cseq = response.jainResponse().getCSeq().getSeqNumber();
        // every early dialog of the INVITE (its InviteBranches) stops retransmitting
        for (SipSessionImpl dialog : Forks.family(Forks.rootOf(session))) {
            ProvisionalOrder.finalResponseSent(dialog, cseq);
            for (SipServletResponse r : dialog.activeMessages().unacknowledgedProvisionals(UAMode.UAS)) {
                SipServletResponseImpl sent = (SipServletResponseImpl) r;
                if (sent.jainResponse().getCSeq().getSeqNumber() == cseq) {
                    response.services().sender().prackReceived(sent.getCallId(), sent.jainResponse().getToTag(),
                            rseqOf(sent.jainMessage()));
                }
            }
        }
    }

    /** A reliable 1xx arrived in a session: it waits for the application's PRACK. */
    static void noteReceived(SipServletResponseImpl response, SipSessionImpl session) {
        if (isReliable(response)) {
            session.activeMessages().reliableProvisional(response, UAMode.UAC);
        }
    }
}
