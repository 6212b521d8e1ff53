package io.sipcontainer.rtpengine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kamailio's flag string of {@code rtpengine_offer("...")} and friends, turned into the keys of an
 * ng command the way Kamailio's module writes them: {@code replace-origin} and
 * {@code replace-session-connection} go to the {@code replace} list, {@code direction=X}
 * (repeatable; {@code internal} and {@code external} are short for it) to {@code direction},
 * {@code ICE=X} and {@code DTLS=X} to their keys, {@code received-from=IP} to
 * {@code received-from}, any other {@code key=value} ({@code address-family}, {@code media-address},
 * {@code delete-delay}, {@code label} ...) to its key as written, {@code SDES-X} and
 * {@code rtcp-mux-X} to their lists, {@code codec-strip-X} (and {@code -offer-},
 * {@code -transcode-}, {@code -mask-}, {@code -except-}, {@code -set-}) to the {@code codec}
 * dictionary, a transport protocol ({@code RTP/AVP}, {@code RTP/SAVPF}, {@code UDP/TLS/RTP/SAVP}...,
 * or the {@code RTP}/{@code SRTP}/{@code AVP}/{@code AVPF} shortcuts) to
 * {@code transport-protocol}; every other token ({@code trust-address}, {@code SIP-source-address},
 * {@code symmetric}, {@code strict-source} ...) is a {@code flags} entry as written (rtpengine treats
 * dashes and spaces alike). {@code to-tag} and {@code via-branch=} steer the message's own tags and
 * are kept apart for the caller.
 */
public record NgFlags(Map<String, Object> keys, boolean includeToTag, String viaBranch) {

    private static final Set<String> PROTOCOLS = Set.of("RTP/AVP", "RTP/SAVP", "RTP/AVPF", "RTP/SAVPF",
            "UDP/TLS/RTP/SAVP", "UDP/TLS/RTP/SAVPF");
    private static final Set<String> CODEC_VERBS = Set.of("strip", "offer", "transcode", "mask", "except", "set");

    public NgFlags {
        keys = java.util.Collections.unmodifiableMap(keys);
    }

    /** No flags at all. */
    public static final NgFlags NONE = new NgFlags(Map.of(), false, null);

    /**
     * Parses a whitespace-separated flag string; null or blank gives {@link #NONE}.
     *
     * @throws IllegalArgumentException naming the token that is not usable
     */
    public static NgFlags parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        boolean toTag = false;
        String viaBranch = null;
        boolean srtp = false;
        boolean avpf = false;
        boolean shortcut = false;
        for (String token : text.strip().split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            int eq = token.indexOf('=');
            if (lower.equals("replace-origin")) {
                list(keys, "replace").add("origin");
            } else if (lower.equals("replace-session-connection")) {
                list(keys, "replace").add("session-connection");
            } else if (lower.equals("internal") || lower.equals("external")) {
                list(keys, "direction").add(lower);
            } else if (lower.equals("to-tag")) {
                toTag = true;
            } else if (PROTOCOLS.contains(token.toUpperCase(Locale.ROOT))) {
                keys.put("transport-protocol", token.toUpperCase(Locale.ROOT));
            } else if (lower.equals("rtp") || lower.equals("srtp") || lower.equals("avp") || lower.equals("avpf")) {
                shortcut = true;
                srtp |= lower.equals("srtp");
                avpf |= lower.equals("avpf");
            } else if (lower.startsWith("sdes-") && token.length() > 5) {
                list(keys, "SDES").add(token.substring(5));
            } else if (lower.startsWith("rtcp-mux-") && token.length() > 9) {
                list(keys, "rtcp-mux").add(token.substring(9));
            } else if (lower.startsWith("codec-") && eq < 0) {
                codec(keys, token);
            } else if (eq >= 0) {
                String name = token.substring(0, eq);
                String value = token.substring(eq + 1);
                if (name.isEmpty() || value.isEmpty()) {
                    throw new IllegalArgumentException("flag '" + token + "' needs a name and a value");
                }
                String lname = name.toLowerCase(Locale.ROOT);
                switch (lname) {
                    case "direction" -> list(keys, "direction").add(value);
                    case "via-branch" -> viaBranch = via(token, value);
                    case "ice" -> keys.put("ICE", value);
                    case "dtls" -> keys.put("DTLS", value);
                    case "received-from" -> keys.put("received-from",
                            List.of(value.indexOf(':') >= 0 ? "IP6" : "IP4", value));
                    default -> keys.put(name, value);
                }
            } else {
                list(keys, "flags").add(token); // rtpengine reads "trust-address" as "trust address"
            }
        }
        if (shortcut) {
            keys.put("transport-protocol", (srtp ? "RTP/S" : "RTP/") + (avpf ? "AVPF" : "AVP"));
        }
        return new NgFlags(keys, toTag, viaBranch);
    }

    private static String via(String token, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!Set.of("1", "2", "auto", "extra", "next").contains(v)) {
            throw new IllegalArgumentException("flag '" + token + "': via-branch is 1, 2, auto, extra or next");
        }
        return v;
    }

    private static void codec(Map<String, Object> keys, String token) {
        String rest = token.substring("codec-".length());
        int dash = rest.indexOf('-');
        String verb = dash < 0 ? rest : rest.substring(0, dash).toLowerCase(Locale.ROOT);
        if (dash < 0 || dash == rest.length() - 1 || !CODEC_VERBS.contains(verb)) {
            throw new IllegalArgumentException("flag '" + token + "': expected codec-{strip,offer,transcode,mask,"
                    + "except,set}-NAME");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> codec = (Map<String, Object>) keys.computeIfAbsent("codec", k -> new LinkedHashMap<>());
        @SuppressWarnings("unchecked")
        List<Object> names = (List<Object>) codec.computeIfAbsent(verb, k -> new ArrayList<>());
        names.add(rest.substring(dash + 1));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> keys, String name) {
        return (List<Object>) keys.computeIfAbsent(name, k -> new ArrayList<>());
    }
}
