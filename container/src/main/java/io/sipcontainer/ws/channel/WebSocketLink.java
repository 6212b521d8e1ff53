package io.sipcontainer.ws.channel;

import java.io.IOException;
import java.net.InetSocketAddress;

import jakarta.servlet.sip.SipWebSocketContext;

/**
 * One open WebSocket connection as the SIP stack sees it: something that carries one SIP message
 * per WebSocket message (RFC 7118 section 5) to a peer that connected to us. The HTTP side (the
 * {@code io.sipcontainer.ws} package, over Jetty) implements it; the stack never opens one, since a
 * browser cannot be connected to.
 */
public interface WebSocketLink {

    /** Queues {@code message} as one WebSocket message; fails when the connection is closed. */
    void send(byte[] message) throws IOException;

    /** Closes the connection from our side (1000 "Normal closure"). */
    void close();

    /** The peer's TCP address: what {@code received} and {@code rport} report. */
    InetSocketAddress remoteAddress();

    /** Our TCP address, the HTTP port the peer connected to. */
    InetSocketAddress localAddress();

    /** What applications see of this connection, attached to every message received on it. */
    SipWebSocketContext context();
}
