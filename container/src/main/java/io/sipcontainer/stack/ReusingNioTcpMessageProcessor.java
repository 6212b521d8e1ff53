package io.sipcontainer.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Properties;

import gov.nist.javax.sip.stack.NIOHandler;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * JAIN-SIP's NIO TCP transport, with the outgoing connection cache repaired.
 *
 * <p>In the JAIN-SIP RI 1.3.0-91 {@code NIOHandler.openOutgoingConnection} drops every connection
 * it opens from its cache as it returns (its {@code connected} flag is never set, so the clean-up
 * for a failed connect always runs). Each request to a TCP contact therefore opened two connections:
 * one when its channel was made ({@code createOrReuseSocket}), closed again at once when the send
 * ({@code sendBytes}) found nothing cached and opened a second ("Old socket different than new
 * socket on channel tcp:..."), and every later message to that address opened yet another. A phone
 * that accepted the first connection got nothing on it but its close. Here each connection the
 * handler opens is put back in the cache, so a channel keeps sending on the connection it was made
 * with. A connection closed by either side is still dropped from every cache when the selector sees
 * it end ({@code NioTcpMessageChannel.close}): the socket table, the channel map and the processor's
 * channels; a socket found closed in the cache is replaced by a new connection before a send.
 *
 * <p>Connections peers open are counted against {@code tcp_max_connections} and
 * {@code tcp_accept_iplimit} (one past a limit is closed as soon as it is accepted) and watched for
 * messages that never complete ({@code tcp_msg_read_timeout}); see {@link AcceptedTcpChannel}.
 */
final class ReusingNioTcpMessageProcessor extends NioTcpMessageProcessor {

    private final TcpAcceptLimits limits;
    private final long msgReadTimeoutMillis;
    private final HaproxyPolicy haproxy;
    private final OpenConnections connections = new OpenConnections("TCP");

    ReusingNioTcpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) {
        super(address, stack, port);
        Properties p = stack instanceof gov.nist.javax.sip.SipStackImpl s ? s.getConfigurationProperties() : null;
        limits = new TcpAcceptLimits(intProperty(p, StackProperties.TCP_MAX_CONNECTIONS, 2048),
                intProperty(p, StackProperties.TCP_ACCEPT_IPLIMIT, 1024));
        msgReadTimeoutMillis = intProperty(p, StackProperties.TCP_MSG_READ_TIMEOUT_MS, 20_000);
        haproxy = HaproxyPolicy.from(p);
        // the constructor's handler has no connection yet: replacing it loses nothing but its idle
        // auditor's timer task, which from now on audits an empty channel map
        nioHandler = new ReusingNioHandler(stack, this);
    }

    static int intProperty(Properties p, String name, int def) {
        String v = p == null ? null : p.getProperty(name);
        return v == null ? def : Integer.parseInt(v);
    }

    /** Called by the {@link BackingOffAcceptor} for each accepted connection, and only then. */
    @Override
    public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
            throws IOException {
        NioTcpMessageChannel existing = nioHandler.getMessageChannel(client);
        if (existing != null) {
            return existing;
        }
        InetAddress peer = ((InetSocketAddress) client.getRemoteAddress()).getAddress();
        if (!limits.tryAcquire(peer)) {
            client.close();
            // the stack logs this at most once per 10 s with its trace (Slf4jStackLogger), DEBUG in between
            throw new IOException("connection from " + peer.getHostAddress() + " refused: tcp_max_connections or"
                    + " tcp_accept_iplimit reached (" + limits.open() + " open)");
        }
        Runnable closed = ClosedConnections.onClose(sipStack, "TCP", client);
        AcceptedTcpChannel channel = new AcceptedTcpChannel(this, client, () -> {
            limits.release(peer);
            closed.run();
        },
                msgReadTimeoutMillis, haproxy);
        nioHandler.putMessageChannel(client, channel);
        return connections.add(channel, "in");
    }

    @Override
    public gov.nist.javax.sip.stack.MessageChannel createMessageChannel(gov.nist.core.HostPort target)
            throws IOException {
        return connections.add(super.createMessageChannel(target), "out");
    }

    @Override
    public gov.nist.javax.sip.stack.MessageChannel createMessageChannel(InetAddress host, int port)
            throws IOException {
        return connections.add(super.createMessageChannel(host, port), "out");
    }

    /** Accepts in place of the RI's selector thread, backing off when accepting fails (no descriptors left). */
    private BackingOffAcceptor acceptor;

    @Override
    public void start() throws IOException {
        super.start();
        acceptor = BackingOffAcceptor.takeOver(this, channel, selector, changeRequests, "TCP");
    }

    @Override
    public void stop() {
        if (acceptor != null) {
            acceptor.stop();
        }
        super.stop();
    }

    /** The open connections of this listener ({@code core.tcp_list}). */
    OpenConnections connections() {
        return connections;
    }

    /** Connections peers have open to this listener now. */
    int acceptedOpen() {
        return limits.open();
    }

    /** Connections refused for a limit since start. */
    long acceptedRefused() {
        return limits.refused();
    }

    /** JAIN-SIP's handler, caching the connections it opens. */
    static final class ReusingNioHandler extends NIOHandler {

        ReusingNioHandler(SIPTransactionStack stack, NioTcpMessageProcessor processor) {
            super(stack, processor);
        }

        @Override
        public SocketChannel createOrReuseSocket(InetAddress address, int port) throws IOException {
            SocketChannel channel = super.createOrReuseSocket(address, port);
            keep(makeKey(address, port), channel);
            return channel;
        }

        @Override
        public SocketChannel sendBytes(InetAddress sender, InetAddress receiver, int port, String transport,
                byte[] bytes, boolean retry, NioTcpMessageChannel messageChannel) throws IOException {
            SocketChannel channel = super.sendBytes(sender, receiver, port, transport, bytes, retry, messageChannel);
            keep(makeKey(receiver, port), channel);
            return channel;
        }

        /** Caches a live connection under its peer's address, unless it already is. */
        private void keep(String key, SocketChannel channel) {
            if (channel != null && channel.isOpen() && (channel.isConnected() || channel.isConnectionPending())
                    && getSocket(key) != channel) {
                putSocket(key, channel);
            }
        }
    }
}
