package io.sipcontainer.message;

import java.util.Locale;

import jakarta.servlet.sip.SipServletRequest;

/**
 * The dialog a Replaces (RFC 3891) or Join (RFC 3911) header names: {@code call-id;to-tag=..;from-tag=..}
 * with, for Replaces, {@code early-only}. The tags are seen from the sender of the header, so the
 * receiving UA compares the to-tag with its own (local) tag and the from-tag with the remote one.
 */
public record DialogReference(String header, String callId, String toTag, String fromTag, boolean earlyOnly) {

    /** The reference in {@code request}'s Replaces or Join header ({@code headerName}), or null. */
    public static DialogReference of(SipServletRequest request, String headerName) {
        String value = request.getHeader(headerName);
        return value == null ? null : parse(headerName, value);
    }

    /** Parses a header value; null when it names no dialog (no Call-ID or a tag missing). */
    public static DialogReference parse(String headerName, String value) {
        String[] parts = value.split(";");
        String callId = parts[0].strip();
        String to = null;
        String from = null;
        boolean early = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String v = eq < 0 ? "" : p.substring(eq + 1).strip();
            switch (name) {
                case "to-tag" -> to = v;
                case "from-tag" -> from = v;
                case "early-only" -> early = true;
                default -> { }
            }
        }
        if (callId.isEmpty() || to == null || from == null) {
            return null;
        }
        return new DialogReference(headerName, callId, to, from, early);
    }

    /** Whether this names the dialog with these ids, seen from the UA that received the header. */
    public boolean names(String dialogCallId, String localTag, String remoteTag) {
        return callId.equals(dialogCallId) && toTag.equals(localTag) && fromTag.equals(remoteTag);
    }
}
