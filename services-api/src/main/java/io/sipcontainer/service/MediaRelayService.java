package io.sipcontainer.service;

import java.util.Map;

import jakarta.servlet.sip.SipServletMessage;

/**
 * Media relay through rtpengine, as Kamailio's {@code rtpengine} module offers it: the SDP of a
 * call's offer and answer is sent to an rtpengine instance, which allocates ports and gives back
 * the SDP rewritten to point at itself, so the media of both parties flows through it. Present
 * only when {@code rtpengine.rtpengine_sock} is configured.
 *
 * <p>Two ways to use it. A proxy hands it the SIP messages it relays ({@link #offer(SipServletMessage,
 * String)}, {@link #answer}, {@link #delete}, or {@link #manage} which picks the operation as
 * {@code rtpengine_manage} does); the message's SDP body is replaced in place, so call them before
 * the message is proxied or forwarded. A B2BUA, which writes a new message per leg, passes the SDP
 * and the call's identifiers itself ({@link #offer(MediaCall, String, String)}) and puts the SDP
 * it gets back on the other leg. The flags are Kamailio's flag string, e.g.
 * {@code "replace-origin replace-session-connection trust-address ICE=remove RTP/AVP"}.
 *
 * <p>Each operation is one UDP round trip (at most {@code rtpengine_tout_ms} times
 * {@code rtpengine_retr} per instance tried) on the calling thread.
 *
 * <pre>{@code
 * MediaRelayService media = Services.find(getServletContext(), MediaRelayService.class).orElse(null);
 * if (media != null) { media.manage(request, "replace-origin replace-session-connection"); }
 * request.getProxy().proxyTo(target);
 * }</pre>
 */
public interface MediaRelayService {

    /**
     * The identifiers rtpengine knows a call by: the Call-ID, the tag of the party whose SDP is the
     * offer ({@code fromTag}) and the tag of the answering party ({@code toTag}, null before it is
     * known), optionally the Via branch, and the address the offer came from (null when unknown;
     * used with the {@code SIP-source-address} flag).
     */
    record MediaCall(String callId, String fromTag, String toTag, String viaBranch, String sourceAddress) {
        public MediaCall {
            if (callId == null || callId.isEmpty() || fromTag == null || fromTag.isEmpty()) {
                throw new IllegalArgumentException("a media call needs a Call-ID and a from-tag");
            }
        }
    }

    /** {@code rtpengine_offer}: the message's SDP is the offer; replaced by rtpengine's. False on failure. */
    boolean offer(SipServletMessage message, String flags);

    /** {@code rtpengine_answer}: the message's SDP is the answer; replaced by rtpengine's. False on failure. */
    boolean answer(SipServletMessage message, String flags);

    /** {@code rtpengine_delete}: the call's media session ends. False on failure. */
    boolean delete(SipServletMessage message, String flags);

    /**
     * {@code rtpengine_manage}: offer for an INVITE or UPDATE with SDP, answer for an ACK or PRACK
     * with SDP and for a 1xx/2xx with SDP (offer when its request had none), delete for a BYE, a
     * CANCEL and a final response of 300 or more to an INVITE. True when there was nothing to do.
     */
    boolean manage(SipServletMessage message, String flags);

    /** The offer {@code sdp}; returns rtpengine's SDP for the other party. */
    String offer(MediaCall call, String sdp, String flags) throws MediaRelayException;

    /** The answer {@code sdp} ({@code call.toTag()} required); returns rtpengine's SDP for the offerer. */
    String answer(MediaCall call, String sdp, String flags) throws MediaRelayException;

    /** Ends the call's media session (the whole call unless {@code call.toTag()} and flag {@code to-tag}). */
    void delete(MediaCall call, String flags) throws MediaRelayException;

    /** rtpengine's {@code query} reply for the call: {@code created}, {@code tags}, {@code totals} ... */
    Map<String, Object> query(MediaCall call) throws MediaRelayException;
}
