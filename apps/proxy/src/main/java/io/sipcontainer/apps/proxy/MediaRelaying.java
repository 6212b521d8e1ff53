package io.sipcontainer.apps.proxy;

import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.MediaRelayService;
import io.sipcontainer.service.ModuleParams;

/**
 * {@code rtpengine_manage("replace-origin replace-session-connection")} of Kamailio's default
 * configuration with {@code WITH_RTPENGINE}: when the container relays media (it publishes a
 * {@link MediaRelayService} once {@code rtpengine.rtpengine_sock} is set) and
 * {@code proxy.rtpengine_manage} is yes (the default), every relayed INVITE with SDP is offered
 * before it is proxied, a 1xx/2xx with SDP answered (offered for a late offer, then the ACK's SDP
 * answered), and the media session deleted at BYE, CANCEL and the final failure of an initial
 * INVITE (not of a re-INVITE, which leaves the call up). {@code proxy.rtpengine_flags} is the flag
 * string. A failed operation leaves the message as it was: the call goes on without relay, as in
 * Kamailio, whose script ignores the function's result. With NAT traversal on, a message whose
 * SDP carries a private address ({@code nat_uac_test("8")}) gets {@code SIP-source-address} in
 * front of the flags, as route[NATMANAGE] does: rtpengine then takes the signalling source as the
 * media address.
 */
final class MediaRelaying {
    static final String DEFAULT_FLAGS = "replace-origin replace-session-connection";

    static final String SOURCE_ADDRESS = "SIP-source-address";

    private final MediaRelayService media;
    private final String flags;
    private final java.util.function.Predicate<SipServletMessage> privateSdp;

    private MediaRelaying(MediaRelayService media, String flags, java.util.function.Predicate<SipServletMessage> privateSdp) {
        this.media = media;
        this.flags = flags;
        this.privateSdp = privateSdp;
    }

    /** The same, adding SIP-source-address for messages {@code privateSdp} accepts (nat_uac_test("8")). */
    MediaRelaying withSourceAddressWhen(java.util.function.Predicate<SipServletMessage> privateSdpTest) {
        return new MediaRelaying(media, flags, privateSdpTest);
    }

    /** The flags for one message. */
    String flagsFor(SipServletMessage message) {
        return privateSdp.test(message) && !flags.contains(SOURCE_ADDRESS) ? SOURCE_ADDRESS + " " + flags : flags;
    }

    /** Off when {@code media} is null (no rtpengine configured) or {@code proxy.rtpengine_manage = no}. */
    static MediaRelaying read(ModuleParams p, MediaRelayService media) throws ConfigException {
        boolean manage = p.bool("rtpengine_manage", true);
        String flags = p.string("rtpengine_flags", DEFAULT_FLAGS).strip();
        return new MediaRelaying(manage ? media : null, flags, m -> false);
    }

    boolean isOn() {
        return media != null;
    }

    /** An INVITE about to be proxied, or an in-dialog request about to be forwarded. */
    void onRequest(SipServletRequest request) {
        if (media != null) {
            media.manage(request, flagsFor(request));
        }
    }

    /** A provisional or 2xx response about to be relayed upstream. */
    void onResponse(SipServletResponse response) {
        if (media != null && response.getStatus() < 300) {
            media.manage(response, flagsFor(response));
        }
    }

    /** The final failure of a proxied request (no further branch is tried). */
    void onFailure(SipServletResponse response) {
        if (media != null && "INVITE".equals(response.getMethod()) && !inDialog(response)) {
            media.delete(response, flagsFor(response));
        }
    }

    private static boolean inDialog(SipServletMessage response) {
        SipServletRequest request = ((SipServletResponse) response).getRequest();
        return request != null && request.getTo().getParameter("tag") != null;
    }
}
