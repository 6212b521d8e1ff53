package io.sipcontainer.message;

import java.util.Locale;
import java.util.Set;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import jakarta.servlet.sip.SessionKeepAlive.Refresher;

import io.sipcontainer.session.SipSessionImpl;

/**
 * RFC 4028 session timers in the messages an application sends and receives, for
 * {@code SipSession.getKeepAlive()}: an INVITE or UPDATE whose preference is enabled carries
 * Session-Expires (and Min-SE unless it is 90, and Supported: timer); a 2xx to one whose preference is
 * enabled (a received request's is when it carried Session-Expires) carries Session-Expires with
 * the refresher, and Require: timer when the caller supports it. A 2xx to an INVITE or UPDATE, sent
 * or received, that carries Session-Expires (re)starts the session's timer
 * ({@code session.SessionKeepAliveImpl}); one without turns it off.
 */
final class SessionTimers {
    private static final String TAG = "timer";

    private SessionTimers() {
    }

    /**
     * The preference of a received request: what its Session-Expires and Min-SE say, else disabled.
     *
     * @param floor this server's smallest session interval ({@code sst.min_se})
     */
    static KeepAlivePreference fromRequest(SIPMessage m, int floor) {
        KeepAlivePreference p = new KeepAlivePreference(floor);
        SessionExpires se = SessionExpires.of(m);
        if (se != null) {
            p.received(se.seconds(), minSe(m), se.refresher());
        }
        return p;
    }

    /** An INVITE or UPDATE leaves: its enabled preference becomes headers. */
    static void beforeRequestSent(SipServletRequestImpl request, KeepAlivePreference p) {
        String method = request.getMethod();
        if (p == null || !p.getEnabled() || !("INVITE".equals(method) || "UPDATE".equals(method))) {
            return;
        }
        request.setHeaderInternal("Session-Expires", p.getExpiration()
                + (p.getRefresher() == null ? "" : ";refresher=" + p.getRefresher().name().toLowerCase(Locale.ROOT)));
        // absent, Min-SE means 90 s (RFC 4028 5): any other minimum is written, smaller ones (sst.min_se) too
        if (p.getMinimumExpiration() != KeepAlivePreference.MIN_SE) {
            request.setHeaderInternal("Min-SE", Integer.toString(p.getMinimumExpiration()));
        }
        addOptionTag(request, "Supported");
    }

    /**
     * RFC 4028 9 when an application accepts (2xx) an INVITE or UPDATE asking for a session interval
     * below this server's minimum ({@code sst.min_se}): a caller that supports timers gets 422 with
     * Min-SE instead, and the application's {@code send()} throws IllegalStateException; for one
     * that does not, who could not understand a 422, the 2xx raises the interval to the minimum
     * ({@link #beforeResponseSent}). Proxied and B2BUA-relayed requests are the proxy's and the far
     * end's to judge.
     */
    static void checkInterval(SipServletResponseImpl response) {
        int status = response.getStatus();
        String method = response.getMethod();
        SipServletRequestImpl request = response.requestImpl();
        if (status < 200 || status >= 300 || !("INVITE".equals(method) || "UPDATE".equals(method))
                || !request.isIncoming() || request.transaction().isProxied() || request.transaction().isB2bua()) {
            return;
        }
        SessionExpires asked = SessionExpires.of(request.jainMessage());
        int floor = floor(response);
        if (asked == null || asked.seconds() >= floor || !callerSupports(request.jainMessage())) {
            return;
        }
        SipServletResponseImpl tooSmall = request.createResponse(422, "Session Interval Too Small",
                response.sipSession());
        tooSmall.setHeaderInternal("Min-SE", Integer.toString(floor));
        try {
            tooSmall.send();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the session interval " + asked.seconds() + " s is below sst.min_se ("
                    + floor + " s) and the 422 could not be sent: " + e.getMessage(), e);
        }
        throw new IllegalStateException("the session interval " + asked.seconds() + " s is below this server's minimum "
                + floor + " s (sst.min_se): the container answered 422 Session Interval Too Small (RFC 4028 9)");
    }

    private static int floor(SipServletMessageImpl m) {
        return m.services() == null ? KeepAlivePreference.MIN_SE : m.services().sessionTimers().minSe();
    }

    private static boolean callerSupports(SIPMessage request) {
        return ReliableProvisionals.optionTags(request, "Supported").contains(TAG)
                || ReliableProvisionals.optionTags(request, "Require").contains(TAG);
    }

    /** A 2xx to an INVITE or UPDATE leaves (UAS): the negotiated interval goes in it and the timer starts. */
    static void beforeResponseSent(SipServletResponseImpl response) {
        int status = response.getStatus();
        String method = response.getMethod();
        SipSessionImpl session = response.sipSession();
        if (status < 200 || status >= 300 || session == null || session.applicationSession() == null
                || !("INVITE".equals(method) || "UPDATE".equals(method))) {
            return;
        }
        KeepAlivePreference p = response.keepAlivePreference();
        if (!p.getEnabled()) {
            turnOff(session);
            return;
        }
        boolean callerSupports = callerSupports(response.requestImpl().jainMessage());
        if (p.getExpiration() < floor(response)) { // a caller without timers asked for too little (checkInterval)
            p.received(floor(response), Math.max(floor(response), p.getMinimumExpiration()), p.getRefresher());
        }
        // RFC 4028 9: the caller's choice stands; without one, the caller if it supports timers, else us
        Refresher refresher = p.getRefresher() != null ? p.getRefresher() : callerSupports ? Refresher.UAC : Refresher.UAS;
        if (!callerSupports) {
            refresher = Refresher.UAS;
        }
        response.setHeaderInternal("Session-Expires", p.getExpiration() + ";refresher="
                + refresher.name().toLowerCase(Locale.ROOT));
        if (callerSupports) {
            addOptionTag(response, "Require");
        }
        // the refresher parameter names a side of this transaction, whose UAS we are
        session.keepAlive().negotiated(p.getExpiration(), p.getMinimumExpiration(), refresher == Refresher.UAS);
    }

    /** A 2xx to an INVITE or UPDATE arrived (UAC): its Session-Expires, if any, (re)starts the timer. */
    static void responseReceived(SipServletResponseImpl response) {
        int status = response.getStatus();
        String method = response.getMethod();
        SipSessionImpl session = response.sipSession();
        SessionExpires se = SessionExpires.of(response.jainMessage());
        if (status < 200 || status >= 300 || session == null || session.applicationSession() == null
                || !("INVITE".equals(method) || "UPDATE".equals(method))) {
            return;
        }
        if (se == null) {
            turnOff(session);
            return;
        }
        Refresher refresher = se.refresher() != null ? se.refresher() : Refresher.UAC;
        // the refresher parameter names a side of this transaction, whose UAC we are
        session.keepAlive().negotiated(se.seconds(), minSe(response.requestImpl().jainMessage()),
                refresher == Refresher.UAC);
    }

    /** A 2xx without Session-Expires: the session has no timer from now on (RFC 4028 7.2, 9). */
    private static void turnOff(SipSessionImpl session) {
        if (session.getKeepAlive() instanceof io.sipcontainer.session.SessionKeepAliveImpl timer) {
            timer.turnedOff();
        }
    }

    private static int minSe(SIPMessage m) {
        SIPHeader h = (SIPHeader) m.getHeader("Min-SE");
        try {
            return h == null ? KeepAlivePreference.MIN_SE : Integer.parseInt(h.getHeaderValue().split(";")[0].trim());
        } catch (NumberFormatException e) {
            return KeepAlivePreference.MIN_SE;
        }
    }

    private static void addOptionTag(SipServletMessageImpl m, String header) {
        Set<String> tags = ReliableProvisionals.optionTags(m.jainMessage(), header);
        if (tags.add(TAG)) {
            m.setHeaderInternal(header, String.join(", ", tags));
        }
    }

    /** A Session-Expires header (or its compact form x): delta-seconds and the refresher parameter. */
    private record SessionExpires(int seconds, Refresher refresher) {
        static SessionExpires of(SIPMessage m) {
            SIPHeader h = (SIPHeader) m.getHeader("Session-Expires");
            if (h == null) {
                h = (SIPHeader) m.getHeader("x");
            }
            if (h == null) {
                return null;
            }
            String[] parts = h.getHeaderValue().split(";");
            Refresher refresher = null;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim().toLowerCase(Locale.ROOT);
                if (p.equals("refresher=uac")) {
                    refresher = Refresher.UAC;
                } else if (p.equals("refresher=uas")) {
                    refresher = Refresher.UAS;
                }
            }
            try {
                return new SessionExpires(Integer.parseInt(parts[0].trim()), refresher);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
