package io.sipcontainer.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;

import io.sipcontainer.util.RateLimitedLog;

/**
 * A connection a peer opened to us: gives its place back to the {@link TcpAcceptLimits} once when it
 * closes, and closes itself when a message it began is still incomplete after
 * {@code tcp_msg_read_timeout} (a peer trickling a byte at a time to hold the connection, as
 * Kamailio's {@code tcp_msg_read_timeout} guards against). The check runs as bytes arrive; a peer
 * that goes silent in mid-message is closed by the idle timeout ({@code tcp_connection_lifetime}).
 * With {@code tcp_accept_haproxy} a PROXY protocol header at the start is read and removed before the
 * SIP parser sees the stream ({@link ProxyProtocolReader}); its address becomes the source of the
 * connection's messages ({@link ProxiedConnection}).
 */
final class AcceptedTcpChannel extends NioTcpMessageChannel implements ProxiedConnection, HeadGate {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptedTcpChannel.class);
    private static final RateLimitedLog SLOW_PEERS = new RateLimitedLog(LOG, java.time.Duration.ofSeconds(10));

    /** How the RI's stream parser ({@code NioPipelineParser}) words a message past {@code MAX_MESSAGE_SIZE}. */
    private static final String RI_TOO_LARGE = "Max Message Size Exceeded";

    private final Runnable release;
    private final MessageReadDeadline deadline;
    private final AtomicBoolean released = new AtomicBoolean();
    private final ProxyHeaderGate proxyHeader;
    /** True once the parser refuses this connection's requests from their heads when overloaded. */
    private final boolean headGated;

    AcceptedTcpChannel(NioTcpMessageProcessor processor, SocketChannel socket, Runnable release,
            long readTimeoutMillis, HaproxyPolicy haproxy) throws IOException {
        super(processor, socket);
        this.messageProcessor = processor;
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

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        try {
            bytes = proxyHeader.pass(bytes, getPeerInetAddress());
        } catch (IOException e) {
            SLOW_PEERS.warn("Closing the TCP connection from {}:{}: {}", getPeerAddress(), getPeerPort(), e.getMessage());
            close(true, true);
            return;
        }
        if (bytes.length == 0) {
            return;
        }
        long overdue = deadline.overdue(bytes);
        if (overdue >= 0) {
            SLOW_PEERS.warn("Closing the TCP connection from {}:{}: a message begun {} ms ago is still incomplete"
                    + " (tcp_msg_read_timeout)", getPeerAddress(), getPeerPort(), overdue);
            close(true, true);
            return;
        }
        try {
            super.addBytes(bytes);
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(RI_TOO_LARGE)) {
                // the stack's parser refuses a message past max_message_size before it is whole: no
                // request to answer 513 to, so the connection closes (as Kamailio's does), counted
                io.sipcontainer.stack.logging.MalformedMessages.of(((javax.sip.SipStack) getSIPStack()).getStackName())
                        .record(getTransport() + ":" + getPeerAddress() + ":" + getPeerPort(), "message larger than"
                                + " the stack's limit (" + getSIPStack().getMaxMessageSize() + " bytes), connection closed");
                close(true, true);
                return;
            }
            throw e;
        }
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
