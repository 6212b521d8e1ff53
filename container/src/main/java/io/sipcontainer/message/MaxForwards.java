package io.sipcontainer.message;

import javax.sip.header.MaxForwardsHeader;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * The Max-Forwards rules a relaying element applies (RFC 3261 16.3 step 3 and 16.6 step 3), in
 * one place: a request that arrives with 0 goes no further, one that is relayed leaves with one
 * less, and one without the header leaves with 70.
 */
public final class MaxForwards {
    /** What a request without Max-Forwards is given (RFC 3261 8.1.1.6). */
    public static final int DEFAULT = 70;

    private MaxForwards() {
    }

    /** True when the request may not be relayed any further (483 Too Many Hops). */
    public static boolean isExhausted(SIPRequest request) {
        MaxForwardsHeader mf = request.getMaxForwards();
        return mf != null && mf.getMaxForwards() <= 0;
    }

    /** The value a relayed copy of the request carries: one less, never below 0, or 70 when absent. */
    public static int next(SIPRequest request) {
        MaxForwardsHeader mf = request.getMaxForwards();
        return mf == null ? DEFAULT : Math.max(mf.getMaxForwards() - 1, 0);
    }
}
