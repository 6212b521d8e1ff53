package io.sipcontainer.rtpengine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.MediaRelayService.MediaCall;

/**
 * Builds ng command dictionaries as Kamailio's module writes them: {@code command}, {@code call-id},
 * {@code from-tag}, {@code to-tag} when known (for a delete only with the {@code to-tag} flag),
 * {@code via-branch}, {@code sdp}, {@code supports: [load limit]}, {@code received-from:
 * [IP4|IP6, address]}, then the keys of the flags, which may override any of these.
 */
final class NgCommands {
    private NgCommands() {
    }

    static Map<String, Object> build(String command, MediaCall call, String sdp, NgFlags flags) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", command);
        d.put("call-id", call.callId());
        d.put("from-tag", call.fromTag());
        if (call.toTag() != null && !call.toTag().isEmpty() && (!"delete".equals(command) || flags.includeToTag())) {
            d.put("to-tag", call.toTag());
        }
        if (call.viaBranch() != null && !call.viaBranch().isEmpty()) {
            d.put("via-branch", call.viaBranch());
        }
        if (sdp != null) {
            d.put("sdp", sdp);
        }
        d.put("supports", List.of("load limit"));
        if (call.sourceAddress() != null && !call.sourceAddress().isEmpty()) {
            d.put("received-from", List.of(call.sourceAddress().indexOf(':') >= 0 ? "IP6" : "IP4",
                    call.sourceAddress()));
        }
        d.putAll(flags.keys());
        return d;
    }
}
