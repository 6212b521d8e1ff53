package io.sipcontainer.stack;

/**
 * A socket for the stack to listen on: a transport, a local address (port 0 picks a free one),
 * and the address to advertise in Via, Contact and Record-Route instead, if any (a host behind
 * NAT or a load balancer).
 */
public record ListenSocket(String transport, String host, int port, String advertisedHost, int advertisedPort) {

    /** A socket advertised as its own address. */
    public static ListenSocket of(String transport, String host, int port) {
        return new ListenSocket(transport, host, port, null, 0);
    }
}
