package io.sipcontainer.stack;

import gov.nist.javax.sip.ReleaseReferencesStrategy;
import gov.nist.javax.sip.SIPConstants;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPServerTransactionImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.ByteArrayOutputStream;
import java.text.ParseException;
import javax.sip.message.Request;

/**
 * JAIN-SIP's server transaction, ending without encoding and parsing its request again. With
 * {@code AGGRESSIVE_CLEANUP} a completed transaction keeps its request only as bytes (encoded when
 * it completes), and when it ends the RI parses those bytes back into a whole request just to read
 * the request URI, From tag, Call-ID and CSeq (its merge id) and drop it again: a full parse per
 * transaction, on the one timer thread, that was an eighth of the server's CPU under REGISTER load.
 * Those values are kept when the transaction completes (the RI's own fields), so a transaction whose
 * branch is RFC 3261's keeps nothing more; the RI matches its retransmissions by branch and sent-by.
 * One with an RFC 2543 branch, matched by its request's fields, is rebuilt from its request line and
 * the headers naming the transaction only.
 */
final class LeanServerTransaction extends SIPServerTransactionImpl {
    /** Stands for "the request was let go of": the RI would otherwise encode it and parse it back. */
    private static final byte[] NOTHING_KEPT = new byte[0];

    LeanServerTransaction(SIPTransactionStack stack, MessageChannel channel) {
        super(stack, channel);
    }

    @Override
    protected void cleanUpOnTimer() {
        if (lean() && originalRequest != null && originalRequestBytes == null && rfc3261Branch()) {
            originalRequestBytes = NOTHING_KEPT;
        }
        super.cleanUpOnTimer();
    }

    @Override
    public void cleanUp() {
        if (originalRequestBytes == NOTHING_KEPT) {
            if (originalRequest == null) {
                originalRequestBytes = null; // or the RI parses it
            }
        } else if (lean() && originalRequest == null && originalRequestBytes != null) {
            try {
                originalRequest = (SIPRequest) sipStack.getMessageParserFactory().createMessageParser(sipStack)
                        .parseSIPMessage(identifyingPart(originalRequestBytes), false, false, null);
            } catch (ParseException | RuntimeException e) {
                originalRequest = null; // the RI parses the whole request then, as it would have
            }
        }
        super.cleanUp();
    }

    /**
     * A message whose top Via has no RFC 3261 branch is never a copy of a request that had one (the
     * copy has the same Via). The RI asks every server transaction about such a message, and would
     * need our request, let go of, for its RFC 2543 comparison.
     */
    @Override
    public boolean isMessagePartOfTransaction(SIPMessage message) {
        if (originalRequest == null && originalRequestBytes == NOTHING_KEPT && !rfc3261Branch(message)) {
            return false;
        }
        return super.isMessagePartOfTransaction(message);
    }

    private static boolean rfc3261Branch(SIPMessage message) {
        Via top = message.getTopmostVia();
        return top != null && startsWithMagicCookie(top.getBranch());
    }

    /** The request, or null once the transaction has let go of it. */
    @Override
    public Request getRequest() {
        if (originalRequest == null && originalRequestBytes == NOTHING_KEPT) {
            return null;
        }
        return super.getRequest();
    }

    private boolean rfc3261Branch() {
        return startsWithMagicCookie(getBranch());
    }

    private static boolean startsWithMagicCookie(String branch) {
        return branch != null && branch.regionMatches(true, 0, SIPConstants.BRANCH_MAGIC_COOKIE, 0,
                SIPConstants.BRANCH_MAGIC_COOKIE.length());
    }

    private boolean lean() {
        return getReleaseReferencesStrategy() == ReleaseReferencesStrategy.Normal;
    }

    /**
     * The request line and the Via, From, To, Call-ID and CSeq header lines (long or compact names,
     * with their continuation lines) of {@code message}, then an empty line; no body.
     */
    static byte[] identifyingPart(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int start = 0;
        boolean first = true;
        boolean keeping = false;
        while (start < message.length) {
            int end = start;
            while (end < message.length && message[end] != '\n') {
                end++;
            }
            int contentEnd = end > start && message[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd == start) {
                break; // the empty line: the headers are over
            }
            boolean continuation = message[start] == ' ' || message[start] == '\t';
            if (first || (continuation ? keeping : (keeping = HeaderNames.kind(message, start, contentEnd) != 0))) {
                out.write(message, start, contentEnd - start);
                out.write('\r');
                out.write('\n');
            }
            first = false;
            start = end + 1;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
