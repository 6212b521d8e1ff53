package io.sipcontainer.transport;

/**
 * The address family of an IP literal in a URI or a listen line, to pick the socket a message
 * leaves through: a datagram to an IPv6 address cannot leave through a socket bound to an IPv4 one
 * (the stack answers 477), so a proxy between an IPv4 and an IPv6 client must change sockets.
 */
public enum AddressFamily {
    IPV4, IPV6, NONE;

    /** The family of {@code host} when it is an IPv4 or IPv6 literal (brackets allowed), else NONE. */
    public static AddressFamily ofLiteral(String host) {
        if (host == null || host.isEmpty()) {
            return NONE;
        }
        if (host.indexOf(':') >= 0) {
            return IPV6;
        }
        for (int i = 0; i < host.length(); i++) {
            char ch = host.charAt(i);
            if (ch != '.' && (ch < '0' || ch > '9')) {
                return NONE;
            }
        }
        return IPV4;
    }

    /** Whether a socket bound to {@code boundHost} sends to this family (a wildcard {@code ::} sends to both). */
    public boolean canSendFrom(String boundHost) {
        AddressFamily bound = ofLiteral(boundHost);
        if (bound == NONE || this == NONE) {
            return true;
        }
        String h = boundHost.startsWith("[") ? boundHost.substring(1, boundHost.length() - 1) : boundHost;
        return bound == this || "::".equals(h) || "0:0:0:0:0:0:0:0".equals(h);
    }
}
