package io.sipcontainer.rtpengine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One ng round trip: {@code <cookie> <bencoded command>} in a UDP datagram to one instance, and
 * the reply that echoes the cookie. A try waits {@code rtpengine_tout_ms} and is repeated up to
 * {@code rtpengine_retr} times in all, as Kamailio does, so a call blocks its thread at most
 * {@code tout_ms * retr} per instance. Each round trip uses a socket of its own, so threads never
 * share (or lock) one and a late reply to an earlier command can never be taken for this one; a
 * reply with another cookie is ignored. The cookie is Kamailio's {@code <server_id>_<pid>_<seq>}; the
 * sequence starts at a random number because rtpengine answers a cookie it has seen with its cached
 * reply (for retransmissions), and a client started again in the same process (a reload, a test)
 * must not reuse the cookies of the one before.
 */
final class NgTransport {
    private static final int MAX_REPLY = 65_535;

    private final int timeoutMillis;
    private final int tries;
    private final String cookiePrefix;
    private final AtomicLong sequence = new AtomicLong(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 30));

    NgTransport(int timeoutMillis, int tries, String serverId) {
        this.timeoutMillis = timeoutMillis;
        this.tries = Math.max(1, tries);
        this.cookiePrefix = serverId + "_" + ProcessHandle.current().pid() + "_";
    }

    /**
     * Sends {@code command} and returns the reply dictionary, whatever its {@code result}.
     *
     * @throws NgException with {@link NgException#isTimeout()} when no reply came after every try
     */
    Map<String, Object> roundTrip(NgNode node, Map<String, Object> command) throws NgException {
        String cookie = cookiePrefix + sequence.incrementAndGet();
        byte[] body = Bencode.encode(command);
        byte[] head = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        byte[] in = new byte[MAX_REPLY];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(node.address());
            for (int attempt = 0; attempt < tries; attempt++) {
                socket.send(new DatagramPacket(out, out.length));
                Map<String, Object> reply = await(socket, in, head, node);
                if (reply != null) {
                    return reply;
                }
            }
        } catch (IOException e) {
            throw new NgException(node.url() + ": " + e.getMessage(), true);
        }
        throw new NgException(node.url() + " did not answer " + tries + " tr" + (tries == 1 ? "y" : "ies")
                + " of " + timeoutMillis + " ms", true);
    }

    /** The reply to this try, or null when none came within the timeout. */
    private Map<String, Object> await(DatagramSocket socket, byte[] in, byte[] head, NgNode node)
            throws IOException, NgException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(in, in.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (PortUnreachableException e) {
                // nobody listens there (ICMP): the try failed; wait out its time so retries stay paced
                pause(deadline);
                return null;
            }
            int length = packet.getLength();
            if (length <= head.length || !Arrays.equals(in, 0, head.length, head, 0, head.length)) {
                continue; // not ours (a stale or foreign datagram)
            }
            Object decoded;
            try {
                decoded = Bencode.decode(in, head.length, length);
            } catch (Bencode.BencodeException e) {
                throw new NgException(node.url() + " answered with bad bencode: " + e.getMessage(), false);
            }
            if (!(decoded instanceof Map<?, ?> map)) {
                throw new NgException(node.url() + " answered with a " + decoded.getClass().getSimpleName()
                        + ", not a dictionary", false);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> reply = (Map<String, Object>) map;
            return reply;
        }
    }

    private static void pause(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }
}
