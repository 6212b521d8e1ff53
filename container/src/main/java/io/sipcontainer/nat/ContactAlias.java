package io.sipcontainer.nat;

import java.util.Locale;

/**
 * The value of nathelper's {@code ;alias=} Contact URI parameter, {@code <ip>~<port>~<proto digit>}
 * (e.g. {@code 203.0.113.5~40312~1}, {@code [2001:db8::7]~5060~2}): where a client behind a NAT
 * is really reached, carried in its Contact so that in-dialog requests sent to that Contact find
 * their way back ({@code handle_ruri_alias}).
 *
 * @param host the address, IPv6 in brackets
 * @param port the port
 * @param transport the transport name in lower case (udp, tcp, tls, sctp, ws, wss)
 */
record ContactAlias(String host, int port, String transport) {

    ContactAlias {
        host = NatAddresses.bracket(host);
        transport = transport.toLowerCase(Locale.ROOT);
    }

    /** The parameter value. */
    String encode() {
        return host + "~" + port + "~" + NatAddresses.protoDigit(transport);
    }

    /** Where to send: {@code sip:<host>:<port>} plus {@code ;transport=} unless UDP (Kamailio's {@code $du}). */
    String destination() {
        return "sip:" + host + ":" + port + ("udp".equals(transport) ? "" : ";transport=" + transport);
    }

    /** Reads a parameter value; null when it is not {@code ip~port~digit} with a known digit. */
    static ContactAlias decode(String value) {
        if (value == null) {
            return null;
        }
        int second = value.lastIndexOf('~');
        int first = second <= 0 ? -1 : value.lastIndexOf('~', second - 1);
        if (first <= 0) {
            return null;
        }
        String host = value.substring(0, first);
        try {
            int port = Integer.parseInt(value.substring(first + 1, second));
            String transport = NatAddresses.protoName(Integer.parseInt(value.substring(second + 1)));
            if (port < 1 || port > 65535 || transport == null || !plausibleHost(host)) {
                return null;
            }
            return new ContactAlias(host, port, transport);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An IPv4 address, a bracketed IPv6 one, or a bare IPv6 one (some clients write it so). */
    private static boolean plausibleHost(String host) {
        String bare = NatAddresses.unbracket(host);
        return !bare.isEmpty() && bare.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '-');
    }
}
