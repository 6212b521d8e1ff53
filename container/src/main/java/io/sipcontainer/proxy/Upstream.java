package io.sipcontainer.proxy;

import java.io.IOException;
import java.time.Duration;

import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.message.Tags;
import io.sipcontainer.util.RateLimitedLog;

/**
 * Sends responses back the way a proxied request came (RFC 3261 16.7): a copy of the downstream
 * response without our Via, answered on the server transaction of the request we received.
 */
final class Upstream {
    /**
     * Downstream peers can send responses that cannot be forwarded as often as they like: one
     * line per few seconds.
     */
    private static final RateLimitedLog DROPPED = new RateLimitedLog(LoggerFactory.getLogger(Upstream.class),
            Duration.ofSeconds(5));

    private Upstream() {
    }

    /** A copy of {@code downstream} without our Via, as a response to {@code received}. */
    static SipServletResponseImpl copyOf(SipServletResponseImpl downstream, SipServletRequestImpl received) {
        SIPResponse up = (SIPResponse) downstream.jainResponse().clone();
        up.removeFirst("Via");
        return responseTo(received, up);
    }

    /** Wraps a JAIN-SIP response to {@code received} for sending upstream. */
    static SipServletResponseImpl responseTo(SipServletRequestImpl received, SIPResponse response) {
        return new SipServletResponseImpl(response, received.services(), received.sipSession(), received.connector(),
                received, false);
    }

    /**
     * A response this proxy makes up itself (408 when no branch answered, 487 after CANCEL, 500 for
     * a 503, 482/483 ...) as a response to {@code received}.
     */
    static SipServletResponseImpl local(SipServletRequestImpl received, int status, String reason) {
        SIPResponse r = reason == null ? received.jainRequest().createResponse(status)
                : received.jainRequest().createResponse(status, reason);
        return responseTo(received, withToTag(r));
    }

    /**
     * Gives a locally generated response a To tag if the request had none (RFC 3261 8.2.6.2: the
     * UAS, here the proxy answering itself, adds one to any response but 100).
     */
    static SIPResponse withToTag(SIPResponse r) {
        if (r.getStatusCode() > 100 && r.getToTag() == null) {
            try {
                r.getTo().setTag(Tags.newTag());
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return r;
    }

    /** Sends on the server transaction; a final response answers the received request. */
    static void send(SipServletResponseImpl response) {
        SipServletRequestImpl received = response.requestImpl();
        if (!hasVia(response)) {
            return;
        }
        try {
            received.services().sender().send(response);
            if (response.getStatus() >= 200) {
                received.proxyResponseSent(response);
            }
        } catch (IOException e) {
            dropped(response, e.getMessage());
        }
    }

    /** Sends statelessly to the next Via: a 2xx after the final response (a retransmission, another fork's). */
    static void forwardStatelessly(SipServletResponseImpl response) {
        if (!hasVia(response)) {
            return;
        }
        try {
            response.requestImpl().services().sender().forwardStatelessly(response);
        } catch (IOException e) {
            dropped(response, e.getMessage());
        }
    }

    /** A response copied from downstream whose only Via was ours has nowhere to go. */
    private static boolean hasVia(SipServletResponseImpl response) {
        if (response.jainResponse().getTopmostVia() != null) {
            return true;
        }
        dropped(response, "no Via left after removing ours");
        return false;
    }

    private static void dropped(SipServletResponseImpl response, String reason) {
        DROPPED.warn("Dropped {} {} for Call-ID {} instead of forwarding it upstream: {}", response.getStatus(),
                response.getMethod(), response.getCallId(), reason);
    }
}
