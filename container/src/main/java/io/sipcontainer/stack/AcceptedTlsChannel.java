package io.sipcontainer.stack;

import java.io.IOException;
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
 * decrypted bytes) but still incomplete after {@code tcp_msg_read_timeout} closes it.
 */
final class AcceptedTlsChannel extends NioTlsMessageChannel {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptedTlsChannel.class);
    private static final RateLimitedLog SLOW_PEERS = new RateLimitedLog(LOG, java.time.Duration.ofSeconds(10));

    private final Runnable release;
    private final long readTimeoutMillis;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile long messageStarted;

    AcceptedTlsChannel(NioTcpMessageProcessor processor, SocketChannel socket, Runnable release,
            long readTimeoutMillis) throws IOException {
        super(processor, socket);
        this.release = release;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public void addPlaintextBytes(byte[] bytes) throws Exception {
        long now = System.currentTimeMillis();
        long started = messageStarted;
        if (started == 0) {
            if (!onlyLineBreaks(bytes)) {
                messageStarted = now;
            }
        } else if (now - started > readTimeoutMillis) {
            SLOW_PEERS.warn("Closing the TLS connection from {}:{}: a message begun {} ms ago is still incomplete"
                    + " (tcp_msg_read_timeout)", getPeerAddress(), getPeerPort(), now - started);
            close(true, true);
            return;
        }
        super.addPlaintextBytes(bytes);
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        messageStarted = 0;
        super.processMessage(message);
    }

    @Override
    protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
        super.close(removeSocket, stopKeepAliveTask);
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }

    private static boolean onlyLineBreaks(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
