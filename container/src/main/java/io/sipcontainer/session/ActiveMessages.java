package io.sipcontainer.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.UAMode;

/**
 * The messages of one SIP session that still wait for something: requests received without a
 * final response (UAS), requests sent without one (UAC), and 2xx responses to INVITE received
 * but not yet acknowledged, and reliable provisional responses (RFC 3262) without their PRACK. Also remembers the session's original request, the one that created
 * it. The message layer feeds it as messages pass; {@code SipSession.getActiveRequests} and
 * {@code B2buaHelper.getPendingMessages} read it. Node-local: messages are not replicated.
 */
public final class ActiveMessages {
    private static final Comparator<SipServletMessage> BY_CSEQ = Comparator.comparingLong(ActiveMessages::cseqOf);

    private SipServletRequest original;
    // created on first use: most sessions only ever receive (or only send) one request
    private List<SipServletRequest> received;
    private List<SipServletRequest> sent;
    private List<SipServletResponse> unacknowledged;
    // reliable provisional responses (RFC 3262) waiting for their PRACK: sent as UAS, received as UAC
    private List<SipServletResponse> reliableSent;
    private List<SipServletResponse> reliableReceived;
    // reliable provisional responses (UAS) held back until the one before them is PRACKed (RFC 3262 3)
    private List<SipServletResponse> reliableQueued;
    // the last 2xx to INVITE sent as UAS: what its ACK acknowledges (getAcknowledgedResponse)
    private SipServletResponse lastOkSent;

    /** The request that created the session: received (UAS) or sent (UAC); null before. */
    public synchronized SipServletRequest original() {
        return original;
    }

    public synchronized void setOriginal(SipServletRequest request) {
        original = request;
    }

    /**
     * Forgets the original request when it is this one. For a proxy's session: once its INVITE is
     * answered nothing reads it again (in-dialog requests are routed from the dialog state), and
     * keeping it would pin the request, its responses, the Proxy and the transactions behind them
     * (about 25 KB) for as long as the call lasts.
     */
    public synchronized void forgetOriginal(SipServletRequest request) {
        if (original == request) {
            original = null;
        }
    }

    public synchronized void requestReceived(SipServletRequest request) {
        if (received == null) {
            received = new ArrayList<>(2);
        }
        received.add(request);
    }

    public synchronized void requestSent(SipServletRequest request) {
        if (sent == null) {
            sent = new ArrayList<>(2);
        }
        sent.add(request);
    }

    /** The request got its final response, sent or received. */
    public synchronized void answered(SipServletRequest request) {
        if (!removeSame(received, request)) {
            removeSame(sent, request);
        }
    }

    /** A 2xx to an INVITE this session sent arrived; it waits for the application's ACK. */
    public synchronized void okReceived(SipServletResponse ok) {
        if (unacknowledged == null) {
            unacknowledged = new ArrayList<>(1);
        }
        unacknowledged.add(ok);
    }

    /** A 2xx to an INVITE this session received left; its ACK will name it. */
    public synchronized void okSent(SipServletResponse ok) {
        lastOkSent = ok;
    }

    /** The 2xx to INVITE this session sent with this CSeq number, which an arriving ACK acknowledges; or null. */
    public synchronized SipServletResponse okSentFor(long cseq) {
        return lastOkSent != null && cseqOf(lastOkSent) == cseq ? lastOkSent : null;
    }

    /** The ACK for the 2xx with this CSeq number left. */
    public synchronized void ackSent(long cseq) {
        if (unacknowledged != null) {
            unacknowledged.removeIf(r -> cseqOf(r) == cseq);
        }
    }

    /** A reliable provisional response left (UAS) or arrived (UAC); it waits for its PRACK. */
    public synchronized void reliableProvisional(SipServletResponse response, UAMode mode) {
        if (mode == UAMode.UAS) {
            reliableSent = add(reliableSent, response);
        } else {
            reliableReceived = add(reliableReceived, response);
        }
    }

    /**
     * The reliable provisional response of one role that a PRACK with this RAck acknowledges
     * (RSeq, CSeq number and method), no longer waiting; null when none matches.
     */
    public synchronized SipServletResponse acknowledge(UAMode mode, long rseq, long cseq, String method) {
        List<SipServletResponse> list = mode == UAMode.UAS ? reliableSent : reliableReceived;
        for (int i = 0; list != null && i < list.size(); i++) {
            SipServletResponse r = list.get(i);
            if (String.valueOf(rseq).equals(r.getProvisionalResponseId()) && cseqOf(r) == cseq
                    && r.getMethod().equals(method)) {
                return list.remove(i);
            }
        }
        return null;
    }

    /** Reliable provisional responses of one role still without PRACK, oldest first. */
    public synchronized List<SipServletResponse> unacknowledgedProvisionals(UAMode mode) {
        List<SipServletResponse> list = mode == UAMode.UAS ? reliableSent : reliableReceived;
        return list == null ? List.of() : List.copyOf(list);
    }

    /** A reliable provisional response to send once the one before it is acknowledged. */
    public synchronized void queueReliable(SipServletResponse response) {
        reliableQueued = add(reliableQueued, response);
    }

    /** The oldest queued reliable provisional response, removed from the queue; or null. */
    public synchronized SipServletResponse nextQueuedReliable() {
        return reliableQueued == null || reliableQueued.isEmpty() ? null : reliableQueued.remove(0);
    }

    /** Forgets the queued reliable provisional responses of a request that got its final response. */
    public synchronized void dropQueuedReliable(long cseq) {
        if (reliableQueued != null) {
            reliableQueued.removeIf(r -> cseqOf(r) == cseq);
        }
    }

    /** Forgets the reliable provisional responses of a request that got its final response. */
    public synchronized void provisionalsEnded(long cseq) {
        if (reliableSent != null) {
            reliableSent.removeIf(r -> cseqOf(r) == cseq);
        }
        if (reliableReceived != null) {
            reliableReceived.removeIf(r -> cseqOf(r) == cseq);
        }
    }

    private static List<SipServletResponse> add(List<SipServletResponse> list, SipServletResponse r) {
        List<SipServletResponse> l = list == null ? new ArrayList<>(1) : list;
        l.add(r);
        return l;
    }

    /** Requests of one role still without a final response, oldest first. */
    public synchronized List<SipServletRequest> requests(UAMode mode) {
        List<SipServletRequest> list = mode == UAMode.UAS ? received : sent;
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * Everything pending in one role, by increasing CSeq: requests without final response and, as
     * UAC, 2xx responses without ACK.
     */
    public synchronized List<SipServletMessage> pending(UAMode mode) {
        List<SipServletMessage> all = new ArrayList<>(requests(mode));
        if (mode == UAMode.UAC && unacknowledged != null) {
            all.addAll(unacknowledged);
        }
        all.sort(BY_CSEQ);
        return all;
    }

    /** Identity, not equals: two equal-looking messages are still two transactions. */
    private static <T> boolean removeSame(List<T> list, Object item) {
        for (int i = 0; list != null && i < list.size(); i++) {
            if (list.get(i) == item) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    private static long cseqOf(SipServletMessage m) {
        String cseq = m.getHeader("CSeq");
        if (cseq == null) {
            return 0;
        }
        int space = cseq.trim().indexOf(' ');
        try {
            return Long.parseLong(space < 0 ? cseq.trim() : cseq.trim().substring(0, space));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
