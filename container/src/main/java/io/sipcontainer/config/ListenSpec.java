package io.sipcontainer.config;

import java.util.Objects;

/**
 * One SIP listening socket from a {@code listen} line: the transport, the address to bind and,
 * optionally, the address to advertise instead in Via, Record-Route and Contact headers (for a server
 * behind NAT, as Kamailio's {@code advertise}). An IPv6 host is held without brackets. Port 0 binds an
 * ephemeral port (allowed only when built in code, for tests); an advertised port of 0 means "the
 * port actually bound".
 *
 * @param transport the transport served on this socket
 * @param host the address or name to bind; {@code 0.0.0.0} or {@code ::} for all interfaces
 * @param port the port to bind, 0 for an ephemeral one
 * @param advertisedHost the host to put in headers instead of {@code host}, or {@code null} if none
 * @param advertisedPort the port to put in headers; 0 when none was given
 */
public record ListenSpec(Transport transport, String host, int port, String advertisedHost, int advertisedPort) {

    public ListenSpec {
        Objects.requireNonNull(transport, "transport");
        new HostPort(host, port); // validates host and port
        if (advertisedHost == null) {
            if (advertisedPort != 0) {
                throw new IllegalArgumentException("advertised port given without advertised host");
            }
        } else {
            new HostPort(advertisedHost, advertisedPort);
        }
    }

    /** A listener without an advertised address. */
    public static ListenSpec of(Transport transport, String host, int port) {
        return new ListenSpec(transport, host, port, null, 0);
    }

    /** This listener advertising {@code host:port} (port 0: the bound port). */
    public ListenSpec withAdvertised(String host, int port) {
        return new ListenSpec(transport, this.host, this.port, host, port);
    }

    /** True when an {@code advertise} address was configured. */
    public boolean isAdvertised() {
        return advertisedHost != null;
    }

    /** The host other parties should use to reach this socket: the advertised one, else the bound one. */
    public String publicHost() {
        return advertisedHost != null ? advertisedHost : host;
    }

    /**
     * The port other parties should use: the advertised one if given, else the configured one. Either
     * can be 0 for an ephemeral port, in which case the caller substitutes the port actually bound.
     */
    public int publicPort() {
        return advertisedPort != 0 ? advertisedPort : port;
    }

    /** The line as it would be written in the configuration file, e.g. {@code udp:[::1]:5060 advertise 203.0.113.5:5060}. */
    @Override
    public String toString() {
        String bind = transport.configName() + ":" + HostPort.uriHost(host) + ":" + port;
        return advertisedHost == null ? bind : bind + " advertise " + new HostPort(advertisedHost, advertisedPort);
    }
}
