package io.sipcontainer.config;

import java.util.Objects;

/**
 * A host (IPv4 address, IPv6 address or name) with a port, as used by {@code alias} and
 * {@code http_listen}. An IPv6 host is held without brackets ({@code ::1}); {@link #toString()} adds
 * them back. Port 0 means "not given": any port for an alias, an ephemeral port for a listener.
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** True when a port was given (non-zero). */
    public boolean hasPort() {
        return port != 0;
    }

    /** The host as it is written in a SIP or HTTP URI: IPv6 addresses in brackets. */
    public String uriHost() {
        return uriHost(host);
    }

    /** Adds brackets to an IPv6 address so it can be followed by {@code :port} or used in a URI. */
    static String uriHost(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** {@code host[:port]} with IPv6 in brackets; the port is left out when it is 0. */
    @Override
    public String toString() {
        return port == 0 ? uriHost() : uriHost() + ":" + port;
    }

    /**
     * Parses {@code host[:port]} as the configuration file writes it (IPv6 in brackets); without a
     * port, {@code defaultPort}. Throws {@link IllegalArgumentException} naming {@code key} when bad.
     */
    public static HostPort parse(String text, String key, int defaultPort) {
        return ValueSyntax.hostPort(text.strip(), key, defaultPort);
    }
}
