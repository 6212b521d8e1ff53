package io.sipcontainer.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where the HTTP server listens, once it has bound its sockets: the actual ports (useful when port 0
 * asked for a free one) and absolute URLs for links a converged application hands out. Published as
 * a service by the HTTP component: {@code server.services().get(HttpInfo.class)}, or
 * {@code Services.get(servletContext, HttpInfo.class)} from an application.
 */
public final class HttpInfo {
    private final String host;
    private final int port;
    private final int tlsPort;

    /**
     * @param host    the address HTTP listens on as configured (a wildcard address is replaced by
     *                this machine's address)
     * @param port    the bound HTTP port
     * @param tlsPort the bound HTTPS port, or -1 when there is no HTTPS
     */
    public HttpInfo(String host, int port, int tlsPort) {
        this.host = publicHost(host);
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** The bound HTTP port. */
    public int port() {
        return port;
    }

    /** The bound HTTPS port, or -1 when HTTPS is not configured. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The host name or address to put in URLs. */
    public String host() {
        return host;
    }

    private static String publicHost(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                return InetAddress.getLocalHost().getHostAddress();
            }
        } catch (UnknownHostException e) {
            // a name that does not resolve here may still be right for clients
        }
        return host;
    }

    /**
     * The absolute URL of a path on this server, e.g. {@code uri("http", "/RPC")}.
     *
     * @throws IllegalArgumentException for a scheme other than http and https, or https without HTTPS
     */
    public URI uri(String scheme, String path) {
        int p;
        if ("http".equalsIgnoreCase(scheme)) {
            p = port;
        } else if ("https".equalsIgnoreCase(scheme)) {
            if (tlsPort < 0) {
                throw new IllegalArgumentException("HTTPS is not configured (http.tls_listen)");
            }
            p = tlsPort;
        } else {
            throw new IllegalArgumentException("scheme must be http or https, not " + scheme);
        }
        String h = host();
        String uriHost = h.indexOf(':') >= 0 ? "[" + h + "]" : h;
        return URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uriHost + ":" + p
                + (path.startsWith("/") ? path : "/" + path));
    }

    @Override
    public String toString() {
        return "HttpInfo[" + host + ":" + port + (tlsPort >= 0 ? ", tls " + tlsPort : "") + "]";
    }
}
