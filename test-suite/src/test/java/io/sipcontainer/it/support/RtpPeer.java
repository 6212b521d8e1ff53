package io.sipcontainer.it.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One end of a call's media for a test: a UDP socket on 127.0.0.1 that sends small RTP packets
 * (PCMU, version 2, increasing sequence numbers) and waits for one, so a test can check that a
 * media relay forwards what each side sends. Its port goes into the SDP the side offers.
 */
public final class RtpPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private int sequence;

    public RtpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Sends one RTP packet whose payload starts with {@code marker} to 127.0.0.1:{@code port}. */
    public void send(int port, byte marker) throws IOException {
        byte[] packet = new byte[12 + 160];
        packet[0] = (byte) 0x80; // version 2
        packet[1] = 0; // PCMU
        int seq = ++sequence;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        int ts = seq * 160;
        packet[4] = (byte) (ts >> 24);
        packet[5] = (byte) (ts >> 16);
        packet[6] = (byte) (ts >> 8);
        packet[7] = (byte) ts;
        packet[8] = 0x12; // SSRC
        packet[9] = 0x34;
        packet[10] = (byte) port();
        packet[11] = (byte) (port() >> 8);
        java.util.Arrays.fill(packet, 12, packet.length, marker);
        socket.send(new DatagramPacket(packet, packet.length, new InetSocketAddress("127.0.0.1", port)));
    }

    /**
     * Keeps sending to {@code port} every 20 ms (a lost first packet is normal while a relay learns
     * the addresses) until {@code other} receives a packet carrying {@code marker}; returns the port
     * it came from, or fails after {@code timeout}.
     */
    public int sendUntilReceived(int port, byte marker, RtpPeer other, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[2048];
        other.socket.setSoTimeout(20);
        while (System.nanoTime() < deadline) {
            send(port, marker);
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                other.socket.receive(in);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (in.getLength() == 172 && buf[12] == marker && buf[171] == marker) {
                return in.getPort();
            }
        }
        throw new AssertionError("no RTP from 127.0.0.1:" + port() + " reached 127.0.0.1:" + other.port()
                + " through port " + port + " within " + timeout);
    }

    @Override
    public void close() {
        socket.close();
    }
}
