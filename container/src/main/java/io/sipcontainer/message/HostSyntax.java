package io.sipcontainer.message;

/**
 * The host of a SIP URI an application gives (RFC 3261 25.1 {@code host}): a host name, an IPv4
 * address or an IPv6 reference, and the {@code host:port} form applications written for other
 * containers pass to {@code SipFactory.createSipURI}.
 */
final class HostSyntax {
    private HostSyntax() {
    }

    /** A host and a port (-1 when none was given). */
    record HostPort(String host, int port) {
    }

    /**
     * Splits {@code host[:port]}: {@code [v6]:port}, {@code name:port} and {@code v4:port} are split;
     * two colons or more without brackets are a bare IPv6 address, given its brackets.
     *
     * @throws IllegalArgumentException if the host or the port is not valid
     */
    static HostPort parse(String text) {
        if (text == null) {
            throw new NullPointerException("host is null");
        }
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        int close = text.indexOf(']');
        if (colon > 0 && (bracketed ? colon == close + 1 : text.indexOf(':') == colon)) {
            return new HostPort(checkHost(text.substring(0, colon)), port(text, text.substring(colon + 1)));
        }
        return new HostPort(checkHost(text), -1);
    }

    private static int port(String text, String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a valid port in \"" + text + "\"");
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw new IllegalArgumentException("port out of range in \"" + text + "\"");
        }
        return port;
    }

    /** Validates a host without port, adding brackets to a bare IPv6 address. */
    static String checkHost(String host) {
        if (host == null) {
            throw new NullPointerException("host is null");
        }
        if (host.startsWith("[") && host.endsWith("]") && isIpv6(host.substring(1, host.length() - 1))) {
            return host;
        }
        if (isIpv6(host)) {
            return "[" + host + "]";
        }
        if (isIpv4(host) || isHostName(host)) {
            return host;
        }
        throw new IllegalArgumentException("not a valid host name or IP address: \"" + host + "\""
                + (host.indexOf(':') >= 0 ? " (a port goes in setPort)" : ""));
    }

    /** Four decimal octets, 0 to 255. */
    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Labels of letters, digits and '-' (not at either end) separated by dots, a trailing dot
     * allowed; '_' is tolerated as in names seen in the field. The last label is not all digits,
     * so that a malformed IPv4 address is not taken for a name.
     */
    static boolean isHostName(String s) {
        String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !SipGrammar.HOST.containsAll(label)) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** RFC 4291 text form: up to eight groups of one to four hex digits, one "::" at most, an IPv4 tail allowed. */
    static boolean isIpv6(String s) {
        if (s.indexOf(':') < 0) {
            return false;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
        String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
        int headGroups = groups(head, doubleColon < 0);
        int tailGroups = groups(tail, true);
        if (headGroups < 0 || tailGroups < 0) {
            return false;
        }
        int total = headGroups + tailGroups;
        return doubleColon >= 0 ? total <= 7 : total == 8;
    }

    /** The number of 16-bit groups in a colon-separated run (an IPv4 tail counts two), -1 if malformed. */
    private static int groups(String run, boolean mayEndWithIpv4) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && mayEndWithIpv4 && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return -1;
                }
                count += 2;
            } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(HostSyntax::isHex)) {
                return -1;
            } else {
                count++;
            }
        }
        return count;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
