package io.sipcontainer.stack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Whether accepted connections may start with a PROXY protocol header and from which peers it is
 * believed ({@code tcp_accept_haproxy}, {@code tcp_accept_haproxy_trusted}), as read from the
 * stack's properties by each TCP or TLS listener.
 */
record HaproxyPolicy(boolean enabled, Set<InetAddress> trusted) {
    static final HaproxyPolicy OFF = new HaproxyPolicy(false, Set.of());

    static HaproxyPolicy from(Properties p) {
        if (p == null || !Boolean.parseBoolean(p.getProperty(StackProperties.TCP_ACCEPT_HAPROXY))) {
            return OFF;
        }
        Set<InetAddress> trusted = new HashSet<>();
        String list = p.getProperty(StackProperties.TCP_ACCEPT_HAPROXY_TRUSTED, "");
        for (String ip : list.split(",")) {
            if (!ip.isBlank()) {
                try {
                    trusted.add(InetAddress.getByName(ip.trim())); // validated as a literal by the config
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("tcp_accept_haproxy_trusted: " + ip, e);
                }
            }
        }
        return new HaproxyPolicy(true, Set.copyOf(trusted));
    }

    /** Whether a header sent by this peer is believed. */
    boolean trusts(InetAddress peer) {
        return trusted.isEmpty() || trusted.contains(peer);
    }
}
