package io.sipcontainer.stack;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

/**
 * JAIN-SIP's UDP socket reader, receiving into one buffer per reader thread. JAIN-SIP's own
 * reader allocates a new buffer of the maximum message size (64 KB) for every datagram: profiled
 * under proxied calls that was 62% of all the bytes the server allocated, and what made young
 * collections frequent. Here a datagram is copied out at its real size (about 1 KB) and queued
 * for the stack's worker threads exactly as JAIN-SIP does. STUN keep-alives sharing the socket
 * (RFC 5626 4.4.2) are answered here and never queued ({@link StunKeepAlive}).
 */
final class ReusingUdpMessageProcessor extends UDPMessageProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ReusingUdpMessageProcessor.class);

    /** The largest UDP payload: any datagram fits, and one buffer serves them all. */
    private static final int MAX_DATAGRAM = 65_535;

    private final int workers;
    private final StunKeepAlive stun = new StunKeepAlive();
    /** Set once the stack bridge has bound this socket; null until then (and without worker threads). */
    private volatile DatagramGate gate;

    ReusingUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
        super(address, stack, port);
        String configured = stack instanceof SipStackImpl s
                ? s.getConfigurationProperties().getProperty(StackProperties.THREAD_POOL_SIZE) : null;
        this.workers = configured == null ? 0 : Integer.parseInt(configured.trim());
    }

    /** One of the stack's threads that parse and process queued datagrams, as JAIN-SIP starts them. */
    private static final class Worker extends UDPMessageChannel {
        Worker(SIPTransactionStack stack, UDPMessageProcessor processor, String name) {
            super(stack, processor, name);
        }
    }

    /**
     * The worker threads start here, before the reader, not in {@link #run} as JAIN-SIP does: a stack
     * stopped right after it started (a test, a failed start) met a null list of channels in
     * JAIN-SIP's {@code stop}.
     */
    @Override
    public void start() throws IOException {
        if (workers > 0) {
            messageChannels = new java.util.LinkedList<>();
            String name = ((SipStackImpl) sipStack).getStackName() + "-UDPMessageChannelThread-";
            for (int i = 0; i < workers; i++) {
                messageChannels.add(new Worker(sipStack, this, name + i));
            }
        }
        super.start();
    }

    @Override
    public void stop() {
        if (messageChannels == null) {
            messageChannels = new java.util.LinkedList<>(); // JAIN-SIP's own reader had not run yet
        }
        super.stop();
    }

    @Override
    public void run() {
        if (workers <= 0) {
            super.run(); // no worker pool: JAIN-SIP hands each datagram to a thread of its own
            return;
        }
        byte[] buffer = new byte[MAX_DATAGRAM];
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        long failures = 0;
        while (isRunning) {
            try {
                in.setData(buffer, 0, buffer.length);
                sock.receive(in);
                if (StunKeepAlive.isStun(buffer, in.getLength())) { // RFC 5626 4.4.2: never SIP, never parsed
                    byte[] reply = stun.answer(buffer, in.getLength(), in.getAddress(), in.getPort());
                    if (reply != null) {
                        sock.send(new DatagramPacket(reply, reply.length, in.getAddress(), in.getPort()));
                    }
                    continue;
                }
                DatagramGate g = gate;
                if (g != null) {
                    DatagramGate.Decision d = g.screen(buffer, in.getLength(), in.getAddress(), messageQueue.size());
                    if (!d.queue()) {
                        if (d.reply() != null) {
                            sock.send(new DatagramPacket(d.reply(), d.reply().length, in.getAddress(), in.getPort()));
                        }
                        continue;
                    }
                }
                byte[] exact = Arrays.copyOfRange(buffer, in.getOffset(), in.getOffset() + in.getLength());
                DatagramPacket packet = new DatagramPacket(exact, exact.length, in.getAddress(), in.getPort());
                messageQueue.offer(new DatagramQueuedMessageDispatch(packet, System.currentTimeMillis()));
            } catch (IOException | RuntimeException e) {
                if (!isRunning) {
                    return; // the socket was closed to stop us
                }
                if (failures++ % 10_000 == 0) { // a socket that keeps failing must not flood the log
                    LOG.warn("UDP receive on port {} failed ({} so far): {}", getPort(), failures, e.toString());
                }
            }
        }
    }

    /**
     * From now on new requests are admitted (or refused) here, on the reader thread, before they are
     * queued; only with worker threads (without them JAIN-SIP reads the socket itself).
     */
    void gate(DatagramGate gate) {
        if (workers > 0) {
            this.gate = gate;
        }
    }

    /** True when {@link #gate} decides admission for this socket, so that the stack's valve does not again. */
    boolean gated() {
        return gate != null;
    }

    /** The STUN keep-alives this socket answered and dropped (only with worker threads, see {@link #run}). */
    StunKeepAlive stun() {
        return stun;
    }

    /** Sends a datagram from this processor's socket (nathelper's pings leave from the contact's socket). */
    void sendRaw(DatagramPacket packet) throws IOException {
        if (sock == null) {
            throw new IOException("UDP socket on port " + getPort() + " is not open");
        }
        sock.send(packet);
    }
}
