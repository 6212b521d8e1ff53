package io.sipcontainer.server;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * IP literal helpers for "myself": a socket bound to the wildcard ({@code 0.0.0.0}, {@code ::})
 * answers on every local address, so a request for any of them is for us, as Kamailio's
 * {@code check_self} does for a wildcard listen. Only literals are parsed: never a name lookup.
 */
final class LocalAddresses {
    private LocalAddresses() {
    }

    static boolean isWildcard(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return "0.0.0.0".equals(h) || "::".equals(h) || "0:0:0:0:0:0:0:0".equals(h);
    }

    /** Whether {@code literal} is an IP address of this machine (loopback included). */
    static boolean isLocal(String literal) {
        InetAddress a = parse(literal);
        if (a == null) {
            return false;
        }
        if (a.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    static boolean sameIpv6(String a, String b) {
        InetAddress x = parse(a);
        return x != null && x.equals(parse(b));
    }

    private static InetAddress parse(String literal) {
        if (literal.isEmpty() || !literal.matches("[0-9A-Fa-f:.]+") || (literal.indexOf(':') < 0 && !literal.matches("[0-9.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
