package io.sipcontainer.apps.registrar;

/**
 * nathelper's {@code nat_uac_test(flags)} for a REGISTER, and {@code fix_nated_register()}'s value:
 * with the default cfg's flags 19 a REGISTER is behind NAT when its Contact host is a private
 * address (1), its top Via host differs from the source address (2) or its Via port from the
 * source port (16). Also: 4 private Via host, 32 private source, 128 Contact port differs from
 * the source port.
 */
final class NatDetector {
    private NatDetector() {
    }

    /**
     * @param contactHost host of the first Contact URI (null for none), {@code contactPort} its port (-1 none)
     * @param viaHost sent-by host of the top Via, {@code viaPort} its port (-1 none)
     */
    static boolean behindNat(int flags, String contactHost, int contactPort, String viaHost, int viaPort,
            String sourceIp, int sourcePort) {
        if ((flags & 1) != 0 && contactHost != null && isPrivate(contactHost)) {
            return true;
        }
        if ((flags & 2) != 0 && viaHost != null && !sameIp(viaHost, sourceIp)) {
            return true;
        }
        if ((flags & 4) != 0 && viaHost != null && isPrivate(viaHost)) {
            return true;
        }
        if ((flags & 16) != 0 && (viaPort <= 0 ? 5060 : viaPort) != sourcePort) {
            return true;
        }
        if ((flags & 32) != 0 && isPrivate(sourceIp)) {
            return true;
        }
        return (flags & 128) != 0 && contactHost != null && (contactPort <= 0 ? 5060 : contactPort) != sourcePort;
    }

    /** {@code fix_nated_register()}: {@code sip:<ip>:<port>} plus the transport unless UDP. */
    static String receivedUri(String sourceIp, int sourcePort, String transport) {
        String host = sourceIp.indexOf(':') >= 0 && !sourceIp.startsWith("[") ? "[" + sourceIp + "]" : sourceIp;
        String t = transport == null ? "udp" : transport.toLowerCase(java.util.Locale.ROOT);
        return "sip:" + host + ":" + sourcePort + ("udp".equals(t) ? "" : ";transport=" + t);
    }

    private static boolean sameIp(String host, String ip) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase(ip);
    }

    /** RFC 1918, RFC 6598 (100.64/10) and 192.0.0.0/29, as nathelper's list. */
    static boolean isPrivate(String host) {
        int[] ip = ipv4(host);
        if (ip == null) {
            return false;
        }
        return ip[0] == 10
                || ip[0] == 172 && ip[1] >= 16 && ip[1] <= 31
                || ip[0] == 192 && ip[1] == 168
                || ip[0] == 100 && ip[1] >= 64 && ip[1] <= 127
                || ip[0] == 192 && ip[1] == 0 && ip[2] == 0 && ip[3] < 8;
    }

    private static int[] ipv4(String host) {
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
