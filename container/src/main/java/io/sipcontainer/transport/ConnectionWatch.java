package io.sipcontainer.transport;

import java.net.InetSocketAddress;

/**
 * Told when a TCP, TLS or WebSocket connection a peer opened to this server closes, by either
 * side: what an RFC 5626 flow over it needs to report its failure. Called on a stack (selector) or
 * HTTP server thread: an implementation looks things up and hands work off.
 */
@FunctionalInterface
public interface ConnectionWatch {

    /** The connection {@code local}-{@code remote} over {@code transport} ("TCP", "TLS", "WS", "WSS") closed. */
    void closed(String transport, InetSocketAddress local, InetSocketAddress remote);
}
