package io.sipcontainer.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import io.sipcontainer.transport.Connector;

/**
 * Builds this server's Record-Route and Path values and reads them back. The URI carries the
 * SIP session that record-routed ({@code sc-s}, the session id in base64url), so any node that can
 * read the session store can route the dialog's later requests: nothing in it is tied to one node.
 * As Kamailio's rr module: {@code lr}, the transport only when not UDP, and with {@code r2=on} on
 * both of a double Record-Route when the request leaves through another socket than it came in.
 */
public final class RecordRoutes {
    /** The Record-Route parameter naming the record-routing SIP session. */
    public static final String SESSION_PARAM = "sc-s";

    private RecordRoutes() {
    }

    /** The URI (without angle brackets) of our Record-Route for one socket. */
    public static String uri(Connector c, String sessionId, boolean r2, String extraParams) {
        StringBuilder b = new StringBuilder(96).append("sip:").append(ProxyConfig.hostOf(c));
        b.append(':').append(c.advertisedPort());
        String t = c.transport().toLowerCase(Locale.ROOT);
        if (!"udp".equals(t)) {
            b.append(";transport=").append(t);
        }
        if (r2) {
            b.append(";r2=on");
        }
        b.append(";lr");
        if (sessionId != null) {
            b.append(';').append(SESSION_PARAM).append('=').append(encode(sessionId));
        }
        if (extraParams != null && !extraParams.isEmpty()) {
            b.append(extraParams);
        }
        return b.toString();
    }

    /** The URI of our Path header (RFC 3327) for the socket the REGISTER leaves through. */
    public static String pathUri(Connector c) {
        return uri(c, null, false, null);
    }

    static String encode(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
    }

    /** The session id a {@code sc-s} value names, or null when it is not one of ours. */
    public static String decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
