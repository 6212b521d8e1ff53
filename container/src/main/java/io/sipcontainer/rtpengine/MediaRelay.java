package io.sipcontainer.rtpengine;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ListIterator;
import java.util.Map;

import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.Counter;
import io.sipcontainer.service.MediaRelayException;
import io.sipcontainer.service.MediaRelayService;
import io.sipcontainer.service.Statistics;

/**
 * The {@link MediaRelayService} over the ng client. For a SIP message it takes the tags as
 * Kamailio does: the From tag is the {@code from-tag} for a request (but an answer) and for an
 * answer in a response; otherwise (an offer in a response, an answer in an ACK: the late-offer
 * case) the tags are swapped, so the {@code from-tag} is always the offerer's. A delete always
 * names the From tag and so ends the whole call. A failure is logged and the message is left as it
 * was, as Kamailio's functions return false and leave the body alone.
 */
final class MediaRelay implements MediaRelayService {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);
    private static final String SDP = "application/sdp";

    private final NgClient client;
    private final Counter offers;
    private final Counter answers;
    private final Counter deletes;
    private final Counter queries;
    private final Counter failures;

    MediaRelay(NgClient client, Statistics stats) {
        this.client = client;
        this.offers = stats.counter(RtpengineStatistics.GROUP, "offers");
        this.answers = stats.counter(RtpengineStatistics.GROUP, "answers");
        this.deletes = stats.counter(RtpengineStatistics.GROUP, "deletes");
        this.queries = stats.counter(RtpengineStatistics.GROUP, "queries");
        this.failures = stats.counter(RtpengineStatistics.GROUP, "failures");
    }

    // --- SIP messages (rtpengine_offer, _answer, _delete, _manage) ------------------------------

    @Override
    public boolean offer(SipServletMessage message, String flags) {
        return onMessage("offer", message, flags);
    }

    @Override
    public boolean answer(SipServletMessage message, String flags) {
        return onMessage("answer", message, flags);
    }

    @Override
    public boolean delete(SipServletMessage message, String flags) {
        return onMessage("delete", message, flags);
    }

    @Override
    public boolean manage(SipServletMessage message, String flags) {
        String method = message.getMethod();
        if (message instanceof SipServletRequest) {
            return switch (method) {
                case "INVITE", "UPDATE" -> !hasSdp(message) || offer(message, flags);
                case "ACK", "PRACK" -> !hasSdp(message) || answer(message, flags);
                case "BYE", "CANCEL" -> delete(message, flags);
                default -> true;
            };
        }
        SipServletResponse response = (SipServletResponse) message;
        if (!"INVITE".equals(method) && !"UPDATE".equals(method) && !"PRACK".equals(method)) {
            return true;
        }
        if (response.getStatus() >= 300) {
            return !"INVITE".equals(method) || delete(message, flags);
        }
        if (response.getStatus() == 100 || !hasSdp(response)) {
            return true;
        }
        SipServletRequest request = response.getRequest();
        return request == null || hasSdp(request) ? answer(message, flags) : offer(message, flags);
    }

    private boolean onMessage(String command, SipServletMessage message, String flagText) {
        try {
            NgFlags flags = NgFlags.parse(flagText);
            String sdp = null;
            if (!"delete".equals(command)) {
                if (!hasSdp(message)) {
                    throw new MediaRelayException("the " + describe(message) + " has no SDP body", false);
                }
                sdp = new String(message.getRawContent(), StandardCharsets.UTF_8);
            }
            Map<String, Object> reply = run(command, call(command, message, flags), sdp, flags);
            if (sdp != null) {
                Object newSdp = reply.get("sdp");
                if (!(newSdp instanceof String s)) {
                    throw new MediaRelayException("rtpengine answered " + command + " without an SDP: " + reply, false);
                }
                message.setContent(s.getBytes(StandardCharsets.UTF_8), message.getContentType());
            }
            return true;
        } catch (MediaRelayException | IllegalArgumentException | IllegalStateException
                | UnsupportedEncodingException e) {
            LOG.warn("rtpengine {} for the {} of call {} failed: {}", command, describe(message), message.getCallId(),
                    e.getMessage());
            return false;
        } catch (java.io.IOException e) {
            LOG.warn("rtpengine {}: cannot read the body of the {}: {}", command, describe(message), e.getMessage());
            return false;
        }
    }

    /** The call's identifiers as Kamailio takes them from the message. */
    static MediaCall call(String command, SipServletMessage message, NgFlags flags) {
        String fromTag = message.getFrom().getParameter("tag");
        String toTag = message.getTo().getParameter("tag");
        boolean request = message instanceof SipServletRequest;
        boolean straight = "delete".equals(command) || (request != "answer".equals(command));
        if (!straight && (toTag == null || toTag.isEmpty())) {
            throw new IllegalArgumentException("no To tag for an " + command + " in a " + describe(message));
        }
        String branch = flags.viaBranch() == null ? null : viaBranch(message, flags.viaBranch(), request);
        String source = message.getRemoteAddr();
        return straight ? new MediaCall(message.getCallId(), fromTag, toTag, branch, source)
                : new MediaCall(message.getCallId(), toTag, fromTag, branch, source);
    }

    /** {@code via-branch=1} the top Via's branch, {@code 2} the second's, {@code auto} 1 in a request, 2 in a reply. */
    private static String viaBranch(SipServletMessage message, String which, boolean request) {
        int wanted = switch (which) {
            case "2" -> 2;
            case "auto" -> request ? 1 : 2;
            default -> 1;
        };
        ListIterator<String> vias = message.getHeaders("Via");
        for (int i = 1; vias.hasNext(); i++) {
            String via = vias.next();
            if (i == wanted) {
                int at = via.indexOf("branch=");
                if (at < 0) {
                    return null;
                }
                int end = at + 7;
                while (end < via.length() && ";, ".indexOf(via.charAt(end)) < 0) {
                    end++;
                }
                return via.substring(at + 7, end);
            }
        }
        return null;
    }

    static boolean hasSdp(SipServletMessage message) {
        String type = message.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(SDP) && message.getContentLength() > 0;
    }

    private static String describe(SipServletMessage message) {
        return message instanceof SipServletResponse r ? r.getStatus() + " to " + r.getMethod() : message.getMethod();
    }

    // --- explicit calls (B2BUAs) ----------------------------------------------------------------

    @Override
    public String offer(MediaCall call, String sdp, String flags) throws MediaRelayException {
        return sdpOf(run("offer", call, sdp, parse(flags)));
    }

    @Override
    public String answer(MediaCall call, String sdp, String flags) throws MediaRelayException {
        if (call.toTag() == null || call.toTag().isEmpty()) {
            throw new MediaRelayException("an answer needs the to-tag", false);
        }
        return sdpOf(run("answer", call, sdp, parse(flags)));
    }

    @Override
    public void delete(MediaCall call, String flags) throws MediaRelayException {
        run("delete", call, null, parse(flags));
    }

    @Override
    public Map<String, Object> query(MediaCall call) throws MediaRelayException {
        return run("query", call, null, NgFlags.NONE);
    }

    private static NgFlags parse(String flags) throws MediaRelayException {
        try {
            return NgFlags.parse(flags);
        } catch (IllegalArgumentException e) {
            throw new MediaRelayException(e.getMessage(), false);
        }
    }

    private static String sdpOf(Map<String, Object> reply) throws MediaRelayException {
        if (reply.get("sdp") instanceof String s) {
            return s;
        }
        throw new MediaRelayException("rtpengine answered without an SDP: " + reply, false);
    }

    private Map<String, Object> run(String command, MediaCall call, String sdp, NgFlags flags)
            throws MediaRelayException {
        switch (command) {
            case "offer" -> offers.increment();
            case "answer" -> answers.increment();
            case "delete" -> deletes.increment();
            default -> queries.increment();
        }
        try {
            return client.call(call.callId(), NgCommands.build(command, call, sdp, flags));
        } catch (NgException e) {
            failures.increment();
            throw new MediaRelayException(e.getMessage(), e.isTimeout());
        }
    }
}
