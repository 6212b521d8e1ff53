package io.sipcontainer.proxy;

import java.util.List;
import java.util.ListIterator;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.SipServletResponseImpl;

/**
 * Chooses the response a proxy sends upstream once every branch is final (RFC 3261 16.7 step 6):
 * a 6xx wins, otherwise the lowest class; within 4xx the challenges and 415/420/484 are preferred
 * (they let the caller retry). The copy sent upstream carries every branch's challenge (step 7,
 * Kamailio's aggregate_challenges) and a 503 becomes 500 (step 6, Kamailio's remap_503_500).
 */
final class BestResponse {
    private BestResponse() {
    }

    static SipServletResponseImpl select(List<SipServletResponseImpl> finals) {
        SipServletResponseImpl best = null;
        for (SipServletResponseImpl r : finals) {
            if (best == null || better(r.getStatus(), best.getStatus())) {
                best = r;
            }
        }
        return best;
    }

    private static boolean better(int candidate, int current) {
        if (current >= 600) {
            return false;
        }
        if (candidate >= 600) {
            return true;
        }
        int cc = candidate / 100;
        int bc = current / 100;
        if (cc != bc) {
            return cc < bc;
        }
        return cc == 4 && preferred(candidate) && !preferred(current);
    }

    private static boolean preferred(int status) {
        return status == 401 || status == 407 || status == 415 || status == 420 || status == 484;
    }

    /** Adds to {@code upstream} the challenges of every other 401/407 (RFC 3261 16.7 step 7). */
    static void mergeChallenges(SIPResponse upstream, SipServletResponseImpl chosen, List<SipServletResponseImpl> all) {
        int status = upstream.getStatusCode();
        if (status != 401 && status != 407) {
            return;
        }
        for (SipServletResponseImpl r : all) {
            if (r == chosen || (r.getStatus() != 401 && r.getStatus() != 407)) {
                continue;
            }
            for (String name : new String[] {"WWW-Authenticate", "Proxy-Authenticate"}) {
                ListIterator<?> it = r.jainResponse().getHeaders(name);
                while (it != null && it.hasNext()) {
                    upstream.addHeader((SIPHeader) ((SIPHeader) it.next()).clone());
                }
            }
        }
    }
}
