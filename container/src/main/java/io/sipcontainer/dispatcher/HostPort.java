package io.sipcontainer.dispatcher;

import java.util.Locale;

/**
 * The parts of a SIP URI the dispatcher hashes and checks: user (null when none), host as written
 * (IPv6 with brackets), port text (null when none) and whether it is a SIPS URI. A small reader of
 * its own because the list file is read before any SIP message exists and hashing needs the port
 * exactly as written.
 */
record HostPort(String user, String host, String port, boolean secure) {

    /** Parses {@code sip:[user[:password]@]host[:port][;params][?headers]}; null when it is not one. */
    static HostPort of(String uri) {
        if (uri == null) {
            return null;
        }
        String s = uri.strip();
        int angle = s.indexOf('<');
        if (angle >= 0) {
            int end = s.indexOf('>', angle);
            s = s.substring(angle + 1, end < 0 ? s.length() : end);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        boolean secure = lower.startsWith("sips:");
        if (!secure && !lower.startsWith("sip:")) {
            return null;
        }
        String rest = s.substring(secure ? 5 : 4);
        int end = indexOfAny(rest, ";?");
        String authority = end < 0 ? rest : rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        String user = null;
        if (at >= 0) {
            user = authority.substring(0, at);
            int colon = user.indexOf(':');
            user = colon >= 0 ? user.substring(0, colon) : user;
            authority = authority.substring(at + 1);
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                return null;
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
            port = colon >= 0 ? authority.substring(colon + 1) : null;
        }
        if (host.isEmpty() || port != null && (port.isEmpty() || !port.chars().allMatch(Character::isDigit))) {
            return null;
        }
        return new HostPort(user == null || user.isEmpty() ? null : user, host, port, secure);
    }

    /**
     * Kamailio's second hash key of a URI: the host, with ":port" when a port is written and is not
     * the default of the scheme (5060, or 5061 for SIPS).
     */
    String hostKey() {
        if (port == null) {
            return host;
        }
        int n = Integer.parseInt(port.length() > 9 ? "0" : port);
        return n == (secure ? 5061 : 5060) ? host : host + ":" + port;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
