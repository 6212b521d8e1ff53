package io.sipcontainer.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;

import io.sipcontainer.util.RateLimitedLog;

/**
 * A TLS connection a peer opened to us, held to the same limits as {@link AcceptedTcpChannel}: its
 * place in {@link TcpAcceptLimits} is given back once when it closes, and a message begun (in
 * decrypted bytes) but still incomplete after {@code tcp_msg_read_timeout} closes it. With
 * {@code tcp_accept_haproxy} a PROXY protocol header before the TLS handshake is taken out of the raw
 * bytes ({@link ProxyHeaderGate}) and names the source of the connection's messages.
 */
final class AcceptedTlsChannel extends NioTlsMessageChannel implements ProxiedConnection, HeadGate {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptedTlsChannel.class);
    private static final RateLimitedLog SLOW_PEERS = new RateLimitedLog(LOG, java.time.Duration.ofSeconds(10));

    private final Runnable release;
    private final MessageReadDeadline deadline;
    private final AtomicBoolean released = new AtomicBoolean();
    private final ProxyHeaderGate proxyHeader;
    /** True once the parser refuses this connection's requests from their heads when overloaded. */
    private final boolean headGated;

    AcceptedTlsChannel(NioTcpMessageProcessor processor, SocketChannel socket, Runnable release,
            long readTimeoutMillis, HaproxyPolicy haproxy) throws IOException {
        super(processor, socket);
        this.release = release;
        this.deadline = new MessageReadDeadline(readTimeoutMillis);
        this.proxyHeader = new ProxyHeaderGate(haproxy);
        this.headGated = HeadGatedParser.bind(this, new HeadGatedParser.Connection() {
            @Override
            public String source() {
                InetSocketAddress proxied = proxyHeader.source(); // the client behind haproxy, as pike counts it
                return proxied != null ? proxied.getAddress().getHostAddress() : getPeerAddress();
            }

            @Override
            public void reply(byte[] bytes) throws IOException {
                sendMessage(bytes, false);
            }
        });
    }

    @Override
    public boolean headGated() {
        return headGated;
    }

    @Override
    public InetSocketAddress proxiedSource() {
        return proxyHeader.source();
    }

    /** Raw bytes from the socket, before decryption: where a PROXY protocol header would be. */
    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        try {
            bytes = proxyHeader.pass(bytes, getPeerInetAddress());
        } catch (IOException e) {
            SLOW_PEERS.warn("Closing the TLS connection from {}:{}: {}", getPeerAddress(), getPeerPort(), e.getMessage());
            close(true, true);
            return;
        }
        if (bytes.length > 0) {
            super.addBytes(bytes);
        }
    }

    @Override
    public void addPlaintextBytes(byte[] bytes) throws Exception {
        long overdue = deadline.overdue(bytes);
        if (overdue >= 0) {
            SLOW_PEERS.warn("Closing the TLS connection from {}:{}: a message begun {} ms ago is still incomplete"
                    + " (tcp_msg_read_timeout)", getPeerAddress(), getPeerPort(), overdue);
            close(true, true);
            return;
        }
        super.addPlaintextBytes(bytes);
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        deadline.messageEnded();
        super.processMessage(message);
    }

    @Override
    protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
        super.close(removeSocket, stopKeepAliveTask);
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
