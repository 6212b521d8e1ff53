package io.sipcontainer.message;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

import jakarta.servlet.sip.Flow;
import jakarta.servlet.sip.SipURI;

import io.sipcontainer.session.SipSessionImpl;

/**
 * An RFC 5626 flow as a request arrived on it: the transport, this server's address and port, and
 * the peer's. Two flows are equal when those are, so an application can compare the flow of a
 * REGISTER with that of a later request. Listeners are kept by {@link Flows}, which hears from the
 * transport when the flow's connection closes; requests of a session pinned to a flow
 * ({@code SipSession.setFlow}) go to the flow's peer over its transport, on the open connection.
 */
public final class FlowImpl implements Flow {
    private final String transport;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Flows flows;
    /** The session whose turn listeners run in; null for a request without a session. */
    private final SipSessionImpl session;

    FlowImpl(String transport, InetSocketAddress local, InetSocketAddress remote, Flows flows, SipSessionImpl session) {
        this.transport = transport.toUpperCase(Locale.ROOT);
        this.local = local;
        this.remote = remote;
        this.flows = flows;
        this.session = session;
    }

    @Override
    public SipURI getLocalURI() {
        return uriOf(local);
    }

    @Override
    public SipURI getRemoteURI() {
        return uriOf(remote);
    }

    private SipURI uriOf(InetSocketAddress a) {
        SipURIImpl uri = SipURIImpl.create(null, a.getAddress().getHostAddress());
        uri.setPort(a.getPort());
        uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
        return uri;
    }

    @Override
    public String getTransport() {
        return transport;
    }

    @Override
    public void addListener(Listener listener) {
        flows.add(this, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Listener listener) {
        flows.remove(this, listener);
    }

    /** Whether the flow runs over a connection that can fail (TCP, TLS, WS, WSS), unlike UDP. */
    boolean isConnectionOriented() {
        return !"UDP".equals(transport);
    }

    InetSocketAddress remote() {
        return remote;
    }

    int localPort() {
        return local.getPort();
    }

    SipSessionImpl session() {
        return session;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowImpl f && transport.equals(f.transport) && remote.equals(f.remote)
                && local.getPort() == f.local.getPort();
    }

    @Override
    public int hashCode() {
        return Objects.hash(transport, remote, local.getPort());
    }

    @Override
    public String toString() {
        return transport + " " + remote + " -> " + local;
    }
}
