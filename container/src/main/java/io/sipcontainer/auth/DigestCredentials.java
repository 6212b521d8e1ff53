package io.sipcontainer.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one {@code Authorization} or {@code Proxy-Authorization} header with the
 * Digest scheme (RFC 3261 25.1, RFC 2617 3.2.2), as the client sent them: quoted values are
 * unquoted and unescaped, nothing else is changed, since the request-digest is computed over the
 * exact strings. A username written {@code user@domain} keeps both parts, as Kamailio does for
 * its {@code ha1b} column.
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
        String algorithm, String qop, String nc, String cnonce, String opaque) {

    /** The part of the username before any '@'. */
    public String user() {
        int at = username.indexOf('@');
        return at < 0 ? username : username.substring(0, at);
    }

    /** The part of the username after '@', or null when it has none. */
    public String userDomain() {
        int at = username.indexOf('@');
        return at < 0 ? null : username.substring(at + 1);
    }

    /**
     * RFC 2617 3.2.2 requires username, realm, nonce, uri and response, and cnonce and nc when a
     * qop is given (Kamailio's check_dig_cred).
     */
    public boolean isComplete() {
        boolean base = username != null && !username.isEmpty() && realm != null && nonce != null && uri != null
                && response != null;
        return base && (qop == null || (nc != null && cnonce != null));
    }

    /**
     * Parses a header value such as {@code Digest username="alice", realm="x", ...}; null when the
     * scheme is not Digest or the parameter list is malformed (a parameter repeated, a quote not
     * closed, a name without a value).
     */
    public static DigestCredentials parse(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        String s = headerValue.strip();
        if (s.length() < 7 || !s.regionMatches(true, 0, "Digest", 0, 6) || !isWhitespace(s.charAt(6))) {
            return null;
        }
        Map<String, String> params = new HashMap<>(16);
        int i = 7;
        int n = s.length();
        while (true) {
            while (i < n && (isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',' && !isWhitespace(s.charAt(i))) {
                i++;
            }
            String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < n && isWhitespace(s.charAt(i))) {
                i++;
            }
            if (name.isEmpty() || i >= n || s.charAt(i) != '=') {
                return null;
            }
            i++;
            while (i < n && isWhitespace(s.charAt(i))) {
                i++;
            }
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        b.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        b.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
                value = b.toString();
            } else {
                int valueStart = i;
                while (i < n && s.charAt(i) != ',' && !isWhitespace(s.charAt(i))) {
                    i++;
                }
                value = s.substring(valueStart, i);
            }
            if (params.put(name, value) != null) {
                return null;
            }
        }
        return new DigestCredentials(params.get("username"), params.get("realm"), params.get("nonce"),
                params.get("uri"), params.get("response"), params.get("algorithm"), params.get("qop"),
                params.get("nc"), params.get("cnonce"), params.get("opaque"));
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
