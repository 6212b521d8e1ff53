package io.sipcontainer.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Stands at the start of one accepted connection's byte stream when {@code tcp_accept_haproxy} is on:
 * holds the first bytes back until it knows whether they are a PROXY protocol header, takes the
 * header out and keeps the client address it names, then lets everything through untouched. For TLS
 * it sees the raw bytes, before the handshake, where HAProxy writes the header.
 */
final class ProxyHeaderGate {
    private static final byte[] NOTHING = new byte[0];

    private final HaproxyPolicy policy;
    private ProxyProtocolReader reader;
    private volatile InetSocketAddress source;

    ProxyHeaderGate(HaproxyPolicy policy) {
        this.policy = policy;
        this.reader = policy.enabled() ? new ProxyProtocolReader() : null;
    }

    /**
     * The bytes to hand on now (empty while a header may still be under way); throws when the
     * connection must be closed: a malformed header, or one from a peer that is not trusted.
     */
    byte[] pass(byte[] bytes, InetAddress peer) throws IOException {
        if (reader == null) {
            return bytes;
        }
        ProxyProtocolReader.Result r = reader.feed(bytes);
        switch (r.status()) {
            case NEED_MORE:
                return NOTHING;
            case NONE:
                reader = null;
                return r.rest();
            case FOUND:
                reader = null;
                if (!policy.trusts(peer)) {
                    throw new IOException("a PROXY protocol header from a peer not in tcp_accept_haproxy_trusted");
                }
                source = r.source();
                return r.rest();
            default:
                reader = null;
                throw new IOException(r.reason());
        }
    }

    /** The client's address from the header, or null. */
    InetSocketAddress source() {
        return source;
    }
}
