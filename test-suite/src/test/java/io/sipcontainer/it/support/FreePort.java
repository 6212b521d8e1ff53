package io.sipcontainer.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds a port of 127.0.0.1 that is free for both UDP and TCP, for programs that cannot bind port 0
 * themselves (SIPp's {@code -p}, JAIN-SIP's listening points). The port is released before it is
 * returned, so another process could take it in between; callers that bind it retry on failure.
 */
public final class FreePort {

    private static final int ATTEMPTS = 20;

    private FreePort() {
    }

    /** A port currently free for UDP and TCP on the loopback address. */
    public static int find() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port;
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                port = udp.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind any UDP port on " + loopback, e);
            }
            try {
                new ServerSocket(port, 1, loopback).close();
                return port;
            } catch (IOException taken) {
                // free for UDP, taken for TCP: try another
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP after " + ATTEMPTS + " attempts");
    }
}
