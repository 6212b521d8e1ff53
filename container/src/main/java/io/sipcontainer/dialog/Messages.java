package io.sipcontainer.dialog;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import jakarta.servlet.sip.SipServletMessage;

import gov.nist.javax.sip.message.SIPMessage;

import io.sipcontainer.message.SipServletMessageImpl;
import io.sipcontainer.proxy.RecordRoutes;
import io.sipcontainer.transport.Connector;

/**
 * What the dialog module reads from a message, as plain strings (Kamailio keeps them as strings
 * too): Call-ID, tags and CSeq straight from the stack's parsed headers (no address views, no
 * re-encoding, as this runs for every relayed message), and, only when a leg is recorded, the
 * Contact URI, the route sets and the local socket.
 */
final class Messages {
    private Messages() {
    }

    /** The stack's message behind a container message; null for another implementation. */
    private static SIPMessage jain(SipServletMessage m) {
        return m instanceof SipServletMessageImpl impl ? impl.jainMessage() : null;
    }

    /** The id of the message's application session; null when it has none. */
    static String applicationSessionId(SipServletMessage m) {
        jakarta.servlet.sip.SipApplicationSession s = m.getApplicationSession(false);
        return s == null ? null : s.getId();
    }

    /**
     * True for a request the container routed without a SIP session (none found for its dialog
     * here: a restored dialog's, or one whose session this node could not read in time).
     */
    static boolean sessionless(SipServletMessage m) {
        return m instanceof SipServletMessageImpl impl && impl.sipSession() == null;
    }

    static String callId(SipServletMessage m) {
        SIPMessage j = jain(m);
        return j == null ? m.getCallId() : j.getCallId() == null ? null : j.getCallId().getCallId();
    }

    static String fromTag(SipServletMessage m) {
        SIPMessage j = jain(m);
        return j == null ? m.getFrom().getParameter("tag") : j.getFromTag();
    }

    static String toTag(SipServletMessage m) {
        SIPMessage j = jain(m);
        return j == null ? m.getTo().getParameter("tag") : j.getToTag();
    }

    /** The CSeq number; 0 when absent. */
    static long cseq(SipServletMessage m) {
        SIPMessage j = jain(m);
        if (j != null) {
            return j.getCSeq() == null ? 0 : j.getCSeq().getSeqNumber();
        }
        return DialogImpl.number(cseqNumber(m));
    }

    /** The URI of the first Contact, without its angle brackets and header parameters; "" when none. */
    /** Session-Expires (or x) in seconds (RFC 4028); 0 when absent or unreadable. */
    static int sessionExpires(SipServletMessage m) {
        String value = m.getHeader("Session-Expires");
        if (value == null) {
            value = m.getHeader("x");
        }
        try {
            return value == null ? 0 : Integer.parseInt(value.split(";", 2)[0].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String contact(SipServletMessage m) {
        String h = m.getHeader("Contact");
        if (h == null) {
            return "";
        }
        int lt = h.indexOf('<');
        if (lt >= 0) {
            int gt = h.indexOf('>', lt);
            return gt > lt ? h.substring(lt + 1, gt).strip() : "";
        }
        int semi = h.indexOf(';');
        int comma = h.indexOf(',');
        int end = semi < 0 ? comma : comma < 0 ? semi : Math.min(semi, comma);
        return (end < 0 ? h : h.substring(0, end)).strip();
    }

    /** The CSeq number as written; "0" when absent. */
    static String cseqNumber(SipServletMessage m) {
        String h = m.getHeader("CSeq");
        if (h == null) {
            return "0";
        }
        h = h.strip();
        int space = h.indexOf(' ');
        return space < 0 ? h : h.substring(0, space);
    }

    /**
     * The caller's route set: the Record-Route values of the INVITE as it arrived (proxies between
     * the caller and us, nearest first, which is the order a request towards the caller uses).
     */
    static String recordRoutes(SipServletMessage m) {
        ListIterator<String> it = m.getHeaders("Record-Route");
        if (it == null || !it.hasNext()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        while (it.hasNext()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(it.next().strip());
        }
        return b.toString();
    }

    /**
     * The callee's route set: the Record-Route values of the 2xx above ours (proxies between us
     * and the callee, which list nearest the callee first), reversed so the nearest to us leads.
     */
    static String calleeRouteSet(SipServletMessage m) {
        ListIterator<String> it = m.getHeaders("Record-Route");
        if (it == null || !it.hasNext()) {
            return "";
        }
        List<String> above = new ArrayList<>(2);
        while (it.hasNext()) {
            String rr = it.next();
            if (rr.contains(RecordRoutes.SESSION_PARAM + "=")) {
                break;
            }
            above.add(rr.strip());
        }
        StringBuilder b = new StringBuilder();
        for (int i = above.size() - 1; i >= 0; i--) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(above.get(i));
        }
        return b.toString();
    }

    /** The local socket the message came in on ({@code udp:127.0.0.1:5060}); "" when unknown. */
    static String socket(SipServletMessage m) {
        Connector c = m instanceof SipServletMessageImpl impl ? impl.connector() : null;
        return c == null ? "" : c.toString();
    }
}
