package io.sipcontainer.rtpengine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code rtpengine_sock} with Kamailio's syntax: instances separated by spaces, each
 * {@code udp:host:port}, {@code udp6:[v6]:port} or {@code host:port}, optionally followed by
 * {@code =weight} (default 1); an optional {@code id ==} in front names the set (default 0).
 * Several sets are separated by {@code ;} here, where Kamailio repeats the modparam. Host names are
 * resolved once, when read.
 */
final class NgSockets {
    private NgSockets() {
    }

    /**
     * The sets, by id in the order written.
     *
     * @throws IllegalArgumentException with the reason when the text is not usable
     */
    static Map<Integer, List<NgNode>> parse(String text) {
        Map<Integer, List<NgNode>> sets = new LinkedHashMap<>();
        int index = 0;
        for (String part : text.split(";")) {
            String set = part.strip();
            if (set.isEmpty()) {
                continue;
            }
            int setId = 0;
            int sep = set.indexOf("==");
            if (sep >= 0) {
                try {
                    setId = Integer.parseInt(set.substring(0, sep).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("set id '" + set.substring(0, sep).strip() + "' is not a number");
                }
                set = set.substring(sep + 2).strip();
            }
            if (sets.containsKey(setId)) {
                throw new IllegalArgumentException("set " + setId + " is written twice");
            }
            List<NgNode> nodes = new ArrayList<>();
            for (String item : set.split("\\s+")) {
                if (!item.isEmpty()) {
                    nodes.add(node(item, setId, index++));
                }
            }
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("set " + setId + " has no instance");
            }
            sets.put(setId, List.copyOf(nodes));
        }
        return sets;
    }

    private static NgNode node(String item, int setId, int index) {
        String spec = item;
        int weight = 1;
        int eq = item.lastIndexOf('=');
        if (eq >= 0) {
            try {
                weight = Integer.parseInt(item.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item + "': the weight after '=' is not a number");
            }
            if (weight < 0 || weight > 1_000_000) {
                throw new IllegalArgumentException("'" + item + "': the weight must be between 0 and 1000000");
            }
            spec = item.substring(0, eq);
        }
        String rest = spec;
        boolean v6 = false;
        if (rest.regionMatches(true, 0, "udp6:", 0, 5)) {
            rest = rest.substring(5);
            v6 = true;
        } else if (rest.regionMatches(true, 0, "udp:", 0, 4)) {
            rest = rest.substring(4);
        } else if (rest.matches("(?i)[a-z]+[0-9]*:.*") && !rest.matches("[^:]+:\\d+")) {
            throw new IllegalArgumentException("'" + item + "': only udp: and udp6: instances are supported");
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + item + "': expected udp:host:port");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + item + "': the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + item + "': the port must be between 1 and 65535");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + item + "': unknown host " + host);
        }
        if (v6 != (address instanceof java.net.Inet6Address)) {
            throw new IllegalArgumentException("'" + item + "': " + (v6 ? "udp6: needs an IPv6 address"
                    : "an IPv6 address needs udp6:"));
        }
        String url = (v6 ? "udp6:" : "udp:") + (v6 ? "[" + host + "]" : host) + ":" + port;
        return new NgNode(url, new InetSocketAddress(address, port), setId, index, weight);
    }
}
