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
        send(request, channel, 503, "Service Unavailable", retryAfterSeconds);
    }

    /** RFC 3261 21.5.11: a request larger than {@code max_message_size}. */
    static void send513(SIPRequest request, MessageChannel channel) {
        send(request, channel, 513, "Message Too Large", 0);
    }

    private static void send(SIPRequest request, MessageChannel channel, int status, String reason,
            int retryAfterSeconds) {
        try {
            SIPResponse response = request.createResponse(status, reason);
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
            LOG.debug("Could not send {} to {}: {}", status, channel.getPeerAddress(), e.toString());
        }
    }
}
