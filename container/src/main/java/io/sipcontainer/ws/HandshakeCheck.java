package io.sipcontainer.ws;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Judges a WebSocket opening handshake as Kamailio's {@code ws_handle_handshake} does, header by
 * header in the order received:
 * <ul>
 * <li>a second {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version} or {@code Origin}: 400 at once,
 * with no extra header;</li>
 * <li>a {@code Sec-WebSocket-Version} other than 13: 426 Upgrade Required with
 * {@code Sec-WebSocket-Version: 13};</li>
 * <li>once all are read, a missing {@code Connection: upgrade}, {@code Upgrade: websocket},
 * {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}, or a {@code Sec-WebSocket-Protocol}
 * without {@code sip}: 400 with {@code Sec-WebSocket-Protocol: sip} and {@code Sec-WebSocket-Version: 13};</li>
 * <li>otherwise the handshake is accepted (101 with {@code Sec-WebSocket-Protocol: sip}).</li>
 * </ul>
 * The replies were checked against Kamailio 5.6.3 on loopback.
 */
final class HandshakeCheck {
    static final String VERSION = "13";
    static final String SUB_PROTOCOL = "sip";

    private static final int CONNECTION = 1;
    private static final int UPGRADE = 2;
    private static final int KEY = 4;
    private static final int PROTOCOL = 8;
    private static final int VERSION_SEEN = 16;
    private static final int ORIGIN = 32;
    private static final int REQUIRED = CONNECTION | UPGRADE | KEY | PROTOCOL | VERSION_SEEN;

    /** The outcome: 101 to upgrade, or the status and headers to refuse with. */
    record Verdict(int status, List<Map.Entry<String, String>> headers) {
        boolean accepted() {
            return status == 101;
        }
    }

    static final Verdict ACCEPT = new Verdict(101, List.of());
    static final Verdict DUPLICATE = new Verdict(400, List.of());
    static final Verdict WRONG_VERSION = new Verdict(426, List.of(Map.entry("Sec-WebSocket-Version", VERSION)));
    static final Verdict INCOMPLETE = new Verdict(400, List.of(Map.entry("Sec-WebSocket-Protocol", SUB_PROTOCOL),
            Map.entry("Sec-WebSocket-Version", VERSION)));

    private HandshakeCheck() {
    }

    static Verdict check(HttpFields headers) {
        int seen = 0;
        for (HttpField field : headers) {
            String name = field.getName();
            String value = field.getValue() == null ? "" : field.getValue();
            if (name.equalsIgnoreCase("Connection")) {
                if (value.toLowerCase(Locale.ROOT).contains("upgrade")) {
                    seen |= CONNECTION;
                }
            } else if (name.equalsIgnoreCase("Upgrade")) {
                if (value.toLowerCase(Locale.ROOT).contains("websocket")) {
                    seen |= UPGRADE;
                }
            } else if (name.equalsIgnoreCase("Sec-WebSocket-Key")) {
                if ((seen & KEY) != 0) {
                    return DUPLICATE;
                }
                seen |= KEY;
            } else if (name.equalsIgnoreCase("Sec-WebSocket-Protocol")) {
                if (offersSip(value)) {
                    seen |= PROTOCOL;
                }
            } else if (name.equalsIgnoreCase("Sec-WebSocket-Version")) {
                if ((seen & VERSION_SEEN) != 0) {
                    return DUPLICATE;
                }
                if (!VERSION.equals(value.strip())) {
                    return WRONG_VERSION;
                }
                seen |= VERSION_SEEN;
            } else if (name.equalsIgnoreCase("Origin")) {
                if ((seen & ORIGIN) != 0) {
                    return DUPLICATE;
                }
                seen |= ORIGIN;
            }
        }
        return (seen & REQUIRED) == REQUIRED ? ACCEPT : INCOMPLETE;
    }

    /** True when the comma-separated sub-protocol list names {@code sip}. */
    static boolean offersSip(String protocols) {
        for (String token : protocols.split(",")) {
            if (token.strip().equalsIgnoreCase(SUB_PROTOCOL)) {
                return true;
            }
        }
        return false;
    }
}
