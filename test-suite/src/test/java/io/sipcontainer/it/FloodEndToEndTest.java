package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.Statistics;

/**
 * A short UDP flood from one source (127.0.0.2) faster than the server parses, while a legitimate
 * client on 127.0.0.3 sends OPTIONS one after another: the flood is refused with cheap 503s decided
 * before the stack's parse, the legitimate client (fewer new requests a second than
 * {@code overload.source_allowance}, set to 50 here) is answered and mostly served, resending as a UDP client does
 * when the flood made the socket drop its request, and the heap does not keep what the flood sent.
 * The long version, with SIPp at twice the measured maximum rate, is {@code test-suite/bench/flood.sh}.
 */
class FloodEndToEndTest {
    private static final int FLOOD_SECONDS = 3;
    private static final int FLOOD_RATE = 20_000;

    @TempDir
    Path home;
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aFloodGets503sWhileALegitimateClientIsAnsweredAndTheHeapStaysBounded() throws Exception {
        // the legitimate client asks as fast as it is answered (up to some 25 a second here): within
        // an allowance of 50, and the total leaves room for it after the flooder's 50
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("overload.queue_limit", "50")
                .moduleParam("overload.retry_after", "3").moduleParam("overload.source_allowance", "50")
                .moduleParam("overload.allowance_total", "200")).start();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();

        AtomicLong refusals = new AtomicLong();
        AtomicLong otherReplies = new AtomicLong();
        long sent;
        int legitAsked = 0;
        int legitServed = 0;
        int legitRefused = 0;
        long peakHeap = 0;
        try (DatagramSocket flooder = socket("127.0.0.2"); DatagramSocket legit = socket("127.0.0.3")) {
            Thread counter = daemon(() -> countReplies(flooder, refusals, otherReplies));
            long[] sentBox = new long[1];
            Thread flood = daemon(() -> sentBox[0] = flood(flooder));
            while (flood.isAlive()) {
                String reply = ask(legit, "legit-" + legitAsked);
                legitAsked++;
                if (reply != null && reply.startsWith("SIP/2.0 503")) {
                    legitRefused++;
                } else if (reply != null) {
                    legitServed++;
                }
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            }
            flood.join();
            sent = sentBox[0];
            long deadline = System.nanoTime() + 5_000_000_000L;
            long last = -1;
            while (System.nanoTime() < deadline && refusals.get() != last) { // until the replies stop coming
                last = refusals.get();
                LockSupport.parkNanos(300_000_000L);
            }
            flooder.close();
            counter.join(2000);
        }
        long refused503 = fixture.server().services().get(Statistics.class).snapshot("overload:")
                .get("overload:refused_503");
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        String figures = String.format("flood: %d sent in %d s (%d/s), %d answered 503, %d answered otherwise; "
                + "overload:refused_503=%d; legitimate: %d asked, %d served, %d refused with 503, %d unanswered; "
                + "heap used %d MB before, %d MB peak, %d MB after", sent, FLOOD_SECONDS, sent / FLOOD_SECONDS,
                refusals.get(), otherReplies.get(), refused503, legitAsked, legitServed, legitRefused,
                legitAsked - legitServed - legitRefused, heapBefore >> 20, peakHeap >> 20, heapAfter >> 20);
        System.out.println(figures);

        // how much of the flood the server still serves depends on the machine (a quick one keeps up
        // with much of it, a busy one loses much in the socket buffers): what must hold is that it
        // refused a good part with 503, and that every 503 the flooder saw is one the server counted
        assertTrue(refusals.get() >= 1000, "the flood gets 503s: " + figures);
        assertTrue(refused503 >= refusals.get(), "the refusals are the overload's own: " + figures);
        assertTrue(legitServed + legitRefused >= legitAsked * 9 / 10, "the legitimate client gets answers: " + figures);
        assertTrue(legitServed >= legitAsked * 8 / 10, "mostly served (overload.source_allowance): " + figures);
        assertTrue(heapAfter - heapBefore < 128L << 20, "the flood leaves the heap as it was: " + figures);
        try (DatagramSocket legit = socket("127.0.0.3")) {
            String after = ask(legit, "after");
            assertTrue(after != null && !after.startsWith("SIP/2.0 503"), "served after the flood: " + after);
        }
    }

    private static Thread daemon(Runnable task) {
        Thread t = new Thread(task, "flood-test");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private long flood(DatagramSocket flooder) {
        long interval = 1_000_000_000L / FLOOD_RATE;
        long start = System.nanoTime();
        long end = start + FLOOD_SECONDS * 1_000_000_000L;
        long n = 0;
        try {
            for (long now = start; now < end; now = System.nanoTime()) {
                long due = (now - start) / interval;
                for (; n < due; n++) {
                    send(flooder, "flood-" + n);
                }
                LockSupport.parkNanos(200_000L);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    private static void countReplies(DatagramSocket s, AtomicLong refusals, AtomicLong others) {
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        while (!s.isClosed()) {
            try {
                s.receive(p);
            } catch (SocketException e) {
                return; // closed
            } catch (Exception e) {
                continue;
            }
            String status = new String(p.getData(), 0, Math.min(11, p.getLength()), StandardCharsets.US_ASCII);
            (status.equals("SIP/2.0 503") ? refusals : others).incrementAndGet();
        }
    }

    private DatagramSocket socket(String address) throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0));
        s.setReceiveBufferSize(4 << 20);
        return s;
    }

    /** The final answer to one OPTIONS, sent again every 500 ms as a UDP client does, or null after 4 s. */
    private String ask(DatagramSocket s, String id) throws Exception {
        long deadline = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() < deadline) {
            send(s, id);
            long resend = Math.min(deadline, System.nanoTime() + 500_000_000L);
            for (int left; (left = (int) ((resend - System.nanoTime()) / 1_000_000)) > 0; ) {
                s.setSoTimeout(left);
                DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (!text.startsWith("SIP/2.0 1") && text.contains(id + "@flood")) {
                    return text;
                }
            }
        }
        return null;
    }

    private void send(DatagramSocket s, String id) throws Exception {
        String text = "OPTIONS sip:x@127.0.0.1:" + fixture.udpPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort()
                + ";branch=z9hG4bK-" + id + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>\r\nCall-ID: " + id
                + "@flood\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(bytes, bytes.length, fixture.udpAddress()));
    }
}
