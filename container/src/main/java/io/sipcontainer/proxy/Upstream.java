package io.sipcontainer.proxy;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.message.Tags;

/**
 * Sends responses back the way a proxied request came (RFC 3261 16.7): a copy of the downstream
 * response without our Via, answered on the server transaction of the request we received.
 */
final class Upstream {
    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

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
        try {
            received.services().sender().send(response);
            if (response.getStatus() >= 200) {
                received.proxyResponseSent(response);
            }
        } catch (IOException e) {
            LOG.debug("Could not send {} upstream: {}", response.getStatus(), e.toString());
        }
    }
}
