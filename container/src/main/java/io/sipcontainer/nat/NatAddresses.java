package io.sipcontainer.nat;

import java.util.Locale;

/**
 * Address helpers shared by the NAT tests and fixes: nathelper's private ranges, IPv6 brackets,
 * and Kamailio's protocol digits ({@code proto_t}: 1 udp, 2 tcp, 3 tls, 4 sctp, 5 ws, 6 wss).
 */
final class NatAddresses {
    private static final String[] PROTOS = { null, "udp", "tcp", "tls", "sctp", "ws", "wss" };

    private NatAddresses() {
    }

    /**
     * nathelper's private addresses ({@code nat_addr_mode} 1, its default): 10/8, 172.16/12,
     * 192.168/16, 100.64/10 (RFC 6598), 192.0.0.0/24 (RFC 7335, of which 192.0.0.0/29 with mode 0).
     * IPv6 addresses and names are never private, as in Kamailio.
     */
    static boolean isPrivate(String host) {
        int[] ip = ipv4(host);
        if (ip == null) {
            return false;
        }
        return ip[0] == 10
                || ip[0] == 172 && ip[1] >= 16 && ip[1] <= 31
                || ip[0] == 192 && ip[1] == 168
                || ip[0] == 100 && ip[1] >= 64 && ip[1] <= 127
                || ip[0] == 192 && ip[1] == 0 && ip[2] == 0;
    }

    /** The address without IPv6 brackets. */
    static String unbracket(String host) {
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address as a URI host: IPv6 in brackets. */
    static String bracket(String ip) {
        return ip.indexOf(':') >= 0 && !ip.startsWith("[") ? "[" + ip + "]" : ip;
    }

    /** True when two addresses are the same, IPv6 compared in full form (::1 equals 0:0:0:0:0:0:0:1). */
    static boolean sameAddress(String a, String b) {
        String x = unbracket(a);
        String y = unbracket(b);
        if (x == null || y == null) {
            return false;
        }
        if (x.equalsIgnoreCase(y)) {
            return true;
        }
        if (x.indexOf(':') < 0 || y.indexOf(':') < 0) {
            return false;
        }
        try { // literal IPv6 only: no name resolution happens for a string with ':'
            return java.net.InetAddress.getByName(x).equals(java.net.InetAddress.getByName(y));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Kamailio's digit of a transport name, 0 when unknown. */
    static int protoDigit(String transport) {
        String t = transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
        for (int i = 1; i < PROTOS.length; i++) {
            if (PROTOS[i].equals(t)) {
                return i;
            }
        }
        return 0;
    }

    /** The transport name of Kamailio's digit, null when unknown. */
    static String protoName(int digit) {
        return digit > 0 && digit < PROTOS.length ? PROTOS[digit] : null;
    }

    private static int[] ipv4(String host) {
        if (host == null) {
            return null;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            out[i] = Integer.parseInt(parts[i]);
            if (out[i] > 255) {
                return null;
            }
        }
        return out;
    }
}
