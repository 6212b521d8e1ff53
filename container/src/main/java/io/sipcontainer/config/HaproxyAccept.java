package io.sipcontainer.config;

import java.util.List;

/**
 * Kamailio's {@code tcp_accept_haproxy}: whether connections accepted on TCP (and TLS) listeners may
 * start with HAProxy's PROXY protocol header (v1 or v2), whose source address then stands for the
 * connection's in Via {@code received}/{@code rport}, NAT detection, pike and the location's received.
 * A connection without the header is taken as it is.
 *
 * @param enabled {@code tcp_accept_haproxy}
 * @param trusted {@code tcp_accept_haproxy_trusted}: the only peer addresses (IP literals, the load
 *                balancers) whose header is believed; a header from any other peer closes the
 *                connection. Empty trusts every peer, as Kamailio does: then the listener must not be
 *                reachable by clients directly, or any of them could claim any address.
 */
public record HaproxyAccept(boolean enabled, List<String> trusted) {
    public static final HaproxyAccept OFF = new HaproxyAccept(false, List.of());

    public HaproxyAccept {
        trusted = List.copyOf(trusted);
    }
}
