package io.sipcontainer.message;

import java.io.IOException;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.UAMode;

import io.sipcontainer.session.SipSessionImpl;

/**
 * The order RFC 3262 section 3 sets for a UAS's reliable provisional responses in one dialog: a
 * second reliable 1xx is not sent until the first is PRACKed (the container holds it back and
 * sends it when the PRACK arrives, which the RFC allows), and no 2xx to the INVITE while a
 * reliable 1xx carrying a session description (an offer, or the answer to the INVITE's offer)
 * waits for its PRACK: the 2xx would overtake the offer/answer exchange, so {@code send()} of
 * such a 2xx throws IllegalStateException and the application sends it after the PRACK
 * ({@code doPrack}). A non-2xx final response may always be sent; it drops what was held back.
 */
final class ProvisionalOrder {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionalOrder.class);

    private ProvisionalOrder() {
    }

    /** Whether this reliable 1xx must wait: an earlier one of its INVITE in its dialog has no PRACK yet. */
    static boolean mustWait(SipServletResponseImpl response) {
        SipSessionImpl session = response.sipSession();
        return session != null && unacknowledged(session, cseqOf(response), false) != null;
    }

    /** Holds a reliable 1xx back until the PRACK of the one before it. */
    static void hold(SipServletResponseImpl response) {
        LOG.debug("Reliable {} to INVITE {} held back until the PRACK of the previous one", response.getStatus(),
                response.getCallId());
        response.sipSession().activeMessages().queueReliable(response);
    }

    /**
     * Refuses a 2xx to an INVITE while a reliable 1xx of it in the same dialog that carries a
     * session description waits for its PRACK (RFC 3262 section 3, last paragraphs).
     */
    static void checkFinal(SipServletResponseImpl response) {
        int status = response.getStatus();
        SipSessionImpl session = response.sipSession();
        if (status < 200 || status >= 300 || session == null || !"INVITE".equals(response.getMethod())) {
            return;
        }
        SipServletResponse pending = unacknowledged(session, cseqOf(response), true);
        if (pending != null) {
            throw new IllegalStateException("the reliable " + pending.getStatus() + " (RSeq "
                    + pending.getProvisionalResponseId() + ") carries a session description and has no PRACK yet;"
                    + " RFC 3262 forbids the 2xx before it (send it from doPrack)");
        }
    }

    /** A PRACK acknowledged a reliable 1xx of this session: the next one held back leaves now. */
    static void acknowledged(SipSessionImpl session) {
        SipServletResponse next = session.activeMessages().nextQueuedReliable();
        if (!(next instanceof SipServletResponseImpl queued)) {
            return;
        }
        SipServletRequestImpl request = queued.requestImpl();
        if (request.isFinalResponseSent()) {
            return;
        }
        try {
            ReliableProvisionals.send(queued);
            request.responded(queued);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not send the reliable {} held back for INVITE {}: {}", queued.getStatus(),
                    queued.getCallId(), e.toString());
        }
    }

    /** The INVITE got its final response: what was held back is never sent. */
    static void finalResponseSent(SipSessionImpl session, long cseq) {
        session.activeMessages().dropQueuedReliable(cseq);
    }

    private static SipServletResponse unacknowledged(SipSessionImpl session, long cseq, boolean withSdpOnly) {
        for (SipServletResponse r : session.activeMessages().unacknowledgedProvisionals(UAMode.UAS)) {
            SipServletResponseImpl sent = (SipServletResponseImpl) r;
            if (cseqOf(sent) == cseq && (!withSdpOnly || carriesSessionDescription(sent))) {
                return sent;
            }
        }
        return null;
    }

    private static boolean carriesSessionDescription(SipServletResponseImpl response) {
        String type = response.getContentType();
        byte[] body = response.getRawContent();
        if (type == null || body == null || body.length == 0) {
            return false;
        }
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith("application/sdp") || t.startsWith("multipart/");
    }

    private static long cseqOf(SipServletResponseImpl response) {
        return response.jainResponse().getCSeq().getSeqNumber();
    }
}
