package io.sipcontainer.transport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local address the kernel sends from toward a destination: what a socket bound to a
 * wildcard ({@code 0.0.0.0}, {@code [::]}) advertises in Via, Contact and Record-Route, as Kamailio
 * never advertises a wildcard. The answer comes from a route lookup (a UDP socket connected to the
 * destination sends nothing; its local address is the route's source), kept per destination.
 */
public final class LocalRoutes {
    /** Past this many destinations the memory starts again empty: a bound, not an eviction policy. */
    private static final int MAX_ENTRIES = 4096;
    private static final Map<InetAddress, String> SOURCES = new ConcurrentHashMap<>();

    private LocalRoutes() {
    }

    /** True for {@code 0.0.0.0} and {@code ::} however written (brackets included). */
    public static boolean isWildcard(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return "0.0.0.0".equals(h) || "::".equals(h) || "0:0:0:0:0:0:0:0".equals(h);
    }

    /**
     * The local address that routes to {@code destination} (an IP literal or a host name the
     * system resolves), as text without brackets; null when there is no route or no destination.
     */
    public static String sourceFor(String destination) {
        if (destination == null || destination.isEmpty()) {
            return null;
        }
        InetAddress to;
        try {
            String d = destination.startsWith("[") && destination.endsWith("]")
                    ? destination.substring(1, destination.length() - 1) : destination;
            to = InetAddress.getByName(d);
        } catch (UnknownHostException e) {
            return null;
        }
        String known = SOURCES.get(to);
        if (known != null) {
            return known;
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(to, 9)); // no datagram leaves: connect only picks the route
            InetAddress from = probe.getLocalAddress();
            if (from == null || from.isAnyLocalAddress()) {
                return null;
            }
            String source = from.getHostAddress();
            int zone = source.indexOf('%');
            source = zone > 0 ? source.substring(0, zone) : source;
            if (SOURCES.size() >= MAX_ENTRIES) {
                SOURCES.clear();
            }
            SOURCES.put(to, source);
            return source;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
