package io.sipcontainer.apps.proxy;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.sip.SipServletRequest;

/**
 * The sanity module's credential checks (bits 2048 and 8192): every Authorization and
 * Proxy-Authorization must be a well-formed Digest answer (RFC 2617 section 3.2.2) with a user,
 * a nonce and a response. Bit 2048 also refuses, silently, credentials of another scheme; bit 8192
 * lets them pass. Whether the credentials are right is the auth service's business, not this one.
 */
final class Credentials {

    private static final String[] REQUIRED = {"username", "realm", "nonce", "uri", "response"};
    private static final String[] HEADERS = {"Authorization", "Proxy-Authorization"};

    private Credentials() {
    }

    /**
     * The outcome that ends processing, or null when every credential passes.
     *
     * @param digestOnly whether a non-Digest credential fails (bit 2048) rather than passes (8192)
     */
    static Outcome check(SipServletRequest req, boolean digestOnly) {
        for (String header : HEADERS) {
            Iterator<String> values = req.getHeaders(header);
            while (values != null && values.hasNext()) {
                Outcome o = checkOne(values.next().strip(), digestOnly);
                if (o != null) {
                    return o;
                }
            }
        }
        return null;
    }

    private static Outcome checkOne(String value, boolean digestOnly) {
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Digest")) {
            // Kamailio stops at the first credential of another scheme: "not applicable"
            return digestOnly ? Outcome.DROP : null;
        }
        Map<String, String> params = parseParams(value.substring(space + 1));
        if (params == null) {
            return reply("Bad Auth Header");
        }
        for (String name : REQUIRED) {
            if (!params.containsKey(name)) {
                return reply("Bad Auth Credentials");
            }
        }
        if (params.containsKey("qop") && (!params.containsKey("nc") || !params.containsKey("cnonce"))) {
            return reply("Bad Auth Credentials");
        }
        if (params.get("username").isEmpty()) {
            return reply("Auth Empty User");
        }
        if (params.get("nonce").isEmpty()) {
            return reply("Auth Empty Nonce");
        }
        if (params.get("response").isEmpty()) {
            return reply("Auth Empty Response");
        }
        return null;
    }

    private static Outcome reply(String reason) {
        return new Outcome.Respond(new Reply(400, reason));
    }

    /** {@code name=value} pairs separated by commas, values optionally quoted; null when malformed. */
    static Map<String, String> parseParams(String text) {
        Map<String, String> params = new HashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String name = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder v = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    v.append(text.charAt(i++));
                }
                if (i == n) {
                    return null; // unterminated quoted string
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ',') {
                    v.append(text.charAt(i++));
                }
            }
            if (name.isEmpty()) {
                return null;
            }
            params.put(name, v.toString().strip());
        }
        return params;
    }
}
