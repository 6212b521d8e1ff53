package io.sipcontainer.stack;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipcontainer.transport.ConnectionWatch;

/**
 * Where the listeners' accepted connections (and the WebSocket transport's, whose connections the
 * HTTP server accepts) report that they closed, per stack: the stack makes its
 * message processors itself (see {@link TransportFactory}), so they find the watch of their stack by
 * its name, as they find its certificates ({@link TlsListenerProcessor}).
 */
final class ClosedConnections {
    private static final Logger LOG = LoggerFactory.getLogger(ClosedConnections.class);
    private static final Map<String, ConnectionWatch> BY_STACK = new ConcurrentHashMap<>();

    private ClosedConnections() {
    }

    static void register(String stackName, ConnectionWatch watch) {
        BY_STACK.put(stackName, watch);
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    /**
     * What an accepted connection runs once when it closes: tells its stack's watch. The addresses
     * are read now, while the socket is open.
     */
    static Runnable onClose(SIPTransactionStack stack, String transport, SocketChannel client) {
        String stackName = stack instanceof SipStackImpl s ? s.getStackName() : null;
        InetSocketAddress local;
        InetSocketAddress remote;
        try {
            local = (InetSocketAddress) client.getLocalAddress();
            remote = (InetSocketAddress) client.getRemoteAddress();
        } catch (java.io.IOException e) {
            return () -> { };
        }
        return () -> closed(stackName, transport, local, remote);
    }

    /** Tells the watch of stack {@code stackName}, if any, that a connection closed. */
    static void closed(String stackName, String transport, InetSocketAddress local, InetSocketAddress remote) {
        ConnectionWatch watch = stackName == null ? null : BY_STACK.get(stackName);
        if (watch != null) {
            try {
                watch.closed(transport, local, remote);
            } catch (RuntimeException e) {
                LOG.warn("Connection-close watch failed for {} {} -> {}", transport, remote, local, e);
            }
        }
    }
}
