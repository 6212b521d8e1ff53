package io.sipcontainer.proxy;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;

import io.sipcontainer.message.ReliableProvisionals;
import io.sipcontainer.message.SessionTimerSettings;
import io.sipcontainer.message.SipServletRequestImpl;

/**
 * RFC 4028 section 8.1 for a proxy: a session refresh request (INVITE or UPDATE, initial or in a
 * dialog) asking for a Session-Expires below this server's minimum ({@code sst.min_se}) is
 * answered 422 with Min-SE when its sender supports timers and {@code sst.reject_to_small} is on
 * (Kamailio's sst module does the same); otherwise the proxy may not reject it (a UAC without
 * timer support would not understand a 422) and relays it with Session-Expires and Min-SE raised
 * to the minimum. A request without Session-Expires is left alone: the endpoints run no timer.
 */
final class SessionIntervals {
    static final int STATUS = 422;
    static final String REASON = "Session Interval Too Small";

    private SessionIntervals() {
    }

    /** True when {@code request} must get 422 instead of being relayed. */
    static boolean rejects(SipServletRequestImpl request) {
        SessionTimerSettings settings = request.services().sessionTimers();
        SIPRequest r = request.jainRequest();
        int asked = sessionExpires(r);
        return asked >= 0 && asked < settings.minSe() && settings.rejectTooSmall() && supportsTimer(r);
    }

    /** The 422's Min-SE value: this server's minimum. */
    static String minSe(SipServletRequestImpl request) {
        return Integer.toString(request.services().sessionTimers().minSe());
    }

    /**
     * On the copy a proxy relays: a Session-Expires below the minimum is raised to it (its
     * refresher kept), and Min-SE set to it; a Min-SE below the minimum is raised too, as the
     * session will not be shorter than this server allows.
     */
    static void raise(SipServletRequestImpl relayed) {
        int minimum = relayed.services().sessionTimers().minSe();
        SIPRequest r = relayed.jainRequest();
        int asked = sessionExpires(r);
        if (asked < 0) {
            return;
        }
        boolean raised = asked < minimum;
        if (raised) {
            String value = header(r).getHeaderValue();
            int params = value.indexOf(';');
            r.removeHeader("Session-Expires");
            r.removeHeader("x");
            relayed.setHeaderInternal("Session-Expires", minimum + (params < 0 ? "" : value.substring(params)));
        }
        // written whenever raised: an absent Min-SE would say 90 s, which a minimum below it contradicts
        if (raised || minSeOf(r) < minimum) {
            r.removeHeader("Min-SE");
            relayed.setHeaderInternal("Min-SE", Integer.toString(minimum));
        }
    }

    private static boolean supportsTimer(SIPRequest r) {
        return ReliableProvisionals.optionTags(r, "Supported").contains("timer")
                || ReliableProvisionals.optionTags(r, "Require").contains("timer");
    }

    /** Session-Expires (or its compact form x) in seconds; -1 when absent or unreadable, or not a refresh. */
    private static int sessionExpires(SIPRequest r) {
        String method = r.getMethod();
        SIPHeader h = header(r);
        if (h == null || !("INVITE".equals(method) || "UPDATE".equals(method))) {
            return -1;
        }
        return seconds(h.getHeaderValue(), -1);
    }

    private static SIPHeader header(SIPRequest r) {
        SIPHeader h = (SIPHeader) r.getHeader("Session-Expires");
        return h != null ? h : (SIPHeader) r.getHeader("x");
    }

    /** Min-SE, 90 when absent (RFC 4028 5). */
    private static int minSeOf(SIPRequest r) {
        SIPHeader h = (SIPHeader) r.getHeader("Min-SE");
        int absent = SessionTimerSettings.RFC_MIN_SE;
        return h == null ? absent : seconds(h.getHeaderValue(), absent);
    }

    private static int seconds(String value, int otherwise) {
        try {
            return Integer.parseInt(value.split(";", 2)[0].trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
