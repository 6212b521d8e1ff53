package io.sipcontainer.nat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a contact's ping goes: its {@code received} address when it registered through a NAT,
 * else the host and port of its URI (5060 when none), as nathelper picks it. Only UDP is pinged.
 */
final class PingTarget {
    private PingTarget() {
    }

    /** The address of {@code sip:[user@]host[:port][;params]}, null when not a UDP SIP URI or not resolvable. */
    static InetSocketAddress of(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "sip:", 0, 4)) {
            return null;
        }
        String rest = uri.substring(4);
        int semi = rest.indexOf(';');
        String params = semi < 0 ? "" : rest.substring(semi).toLowerCase(Locale.ROOT);
        String hostPort = semi < 0 ? rest : rest.substring(0, semi);
        int q = hostPort.indexOf('?');
        hostPort = q < 0 ? hostPort : hostPort.substring(0, q);
        int at = hostPort.lastIndexOf('@');
        hostPort = at < 0 ? hostPort : hostPort.substring(at + 1);
        if (params.contains(";transport=") && !params.contains(";transport=udp")) {
            return null;
        }
        String host;
        int port = 5060;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = hostPort.substring(1, close);
            String tail = hostPort.substring(close + 1);
            if (tail.startsWith(":")) {
                port = parsePort(tail.substring(1));
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (colon >= 0) {
                port = parsePort(hostPort.substring(colon + 1));
            }
        }
        if (port <= 0 || host.isEmpty()) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int parsePort(String text) {
        try {
            int p = Integer.parseInt(text);
            return p > 0 && p < 65536 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
