package io.sipcontainer.stack;

import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateless refusals sent before any transaction exists: back on the channel the request came in
 * on (for UDP, to its source address and port, as {@code rport} would), with a To tag as every
 * final response needs, and nothing kept once it has left.
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    private static final String TAG = "sc503";

    private Refusals() {
    }

    static void send503(SIPRequest request, MessageChannel channel, int retryAfterSeconds) {
        try {
            SIPResponse response = request.createResponse(503, "Service Unavailable");
            if (response.getTo() != null && response.getTo().getTag() == null) {
                response.getTo().setTag(TAG);
            }
            if (retryAfterSeconds > 0) {
                RetryAfter retryAfter = new RetryAfter();
                retryAfter.setRetryAfter(retryAfterSeconds);
                response.setHeader(retryAfter);
            }
            channel.sendMessage(response);
        } catch (Exception e) {
            LOG.debug("Could not send 503 to {}: {}", channel.getPeerAddress(), e.toString());
        }
    }
}
