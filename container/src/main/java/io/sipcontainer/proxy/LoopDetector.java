package io.sipcontainer.proxy;

import java.util.ListIterator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import javax.sip.header.ViaHeader;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * Loop detection of RFC 3261 16.3 step 4 and 16.6 step 8: the branch of each Via we add holds a
 * hash of what identifies the request as we received it (Request-URI, From tag, To tag, Call-ID,
 * CSeq number). A request that comes back carrying one of our Vias with the same hash has looped
 * (482); with a different hash (a new Request-URI) it is a spiral, which is fine.
 */
public final class LoopDetector {
    private static final String MAGIC = "z9hG4bK";
    private static final String MARK = "sc";

    private LoopDetector() {
    }

    /** A fresh branch for a request we forward, carrying the request's loop hash. */
    public static String branchFor(SIPRequest received) {
        return MAGIC + MARK + hash(received) + '.' + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    }

    /** True when a Via with our sent-by carries this request's own loop hash. */
    public static boolean isLooping(SIPRequest request, Predicate<ViaHeader> isOurs) {
        if (request.getViaHeaders() == null || request.getViaHeaders().size() < 2) {
            return false; // our Via can only be below the sender's
        }
        String expected = null;
        ListIterator<?> it = request.getViaHeaders().listIterator();
        while (it.hasNext()) {
            ViaHeader via = (ViaHeader) it.next();
            String branch = via.getBranch();
            if (branch == null || !branch.startsWith(MAGIC + MARK) || !isOurs.test(via)) {
                continue;
            }
            if (expected == null) {
                expected = MAGIC + MARK + hash(request) + '.';
            }
            if (branch.startsWith(expected)) {
                return true;
            }
        }
        return false;
    }

    private static String hash(SIPRequest r) {
        long h = 1125899906842597L;
        h = mix(h, r.getRequestURI().toString());
        h = mix(h, r.getFromTag());
        h = mix(h, r.getToTag());
        h = mix(h, r.getCallId().getCallId());
        h = 31 * h + r.getCSeq().getSeqNumber();
        return Long.toHexString(h >>> 1);
    }

    private static long mix(long h, String s) {
        if (s == null) {
            return 31 * h;
        }
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }
}
