package io.sipcontainer.stack;

import gov.nist.javax.sip.ReleaseReferencesStrategy;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPServerTransactionImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.ByteArrayOutputStream;
import java.text.ParseException;

/**
 * JAIN-SIP's server transaction, ending without parsing its request a second time. With
 * {@code AGGRESSIVE_CLEANUP} a completed transaction keeps its request only as bytes, and when it
 * ends the RI parses those bytes back into a whole request just to read the request URI, From tag,
 * Call-ID and CSeq (its merge id) and drop it again: a full parse per transaction, on the one timer
 * thread, that was an eighth of the server's CPU under REGISTER load. Here the request is rebuilt from
 * its request line and the headers naming the transaction only, so that parse costs a fraction.
 */
final class LeanServerTransaction extends SIPServerTransactionImpl {

    LeanServerTransaction(SIPTransactionStack stack, MessageChannel channel) {
        super(stack, channel);
    }

    @Override
    public void cleanUp() {
        if (getReleaseReferencesStrategy() == ReleaseReferencesStrategy.Normal && originalRequest == null && originalRequestBytes != null) {
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
