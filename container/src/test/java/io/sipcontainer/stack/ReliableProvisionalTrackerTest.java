package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipcontainer.transport.Connector;

/**
 * The RFC 3262 retransmission timer with a short T1 (5 ms): a reliable 1xx nobody PRACKs is given up
 * after 64*T1 and reported, one that is PRACKed is not; the connector here has no provider, so the
 * retransmissions themselves fail quietly (they are checked end to end in PrackTest).
 */
class ReliableProvisionalTrackerTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Connector connector = new Connector("udp", "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static SIPResponse ringing() throws Exception {
        String text = "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: c1\r\n"
                + "CSeq: 1 INVITE\r\nRSeq: 7\r\nRequire: 100rel\r\nContent-Length: 0\r\n\r\n";
        return (SIPResponse) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false,
                null);
    }

    @Test
    void anUnacknowledgedProvisionalIsGivenUpAfter64T1() throws Exception {
        ReliableProvisionalTracker tracker = new ReliableProvisionalTracker(scheduler, 5);
        CountDownLatch gaveUp = new CountDownLatch(1);
        long start = System.nanoTime();
        tracker.sent(ringing(), connector, 7, gaveUp::countDown);
        assertTrue(gaveUp.await(5, TimeUnit.SECONDS), "reported");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(64 * 5), "not before 64*T1");
        assertFalse(tracker.prackReceived("c1", "2", 7), "nothing waits any more");
    }

    @Test
    void aPrackStopsTheRetransmissions() throws Exception {
        ReliableProvisionalTracker tracker = new ReliableProvisionalTracker(scheduler, 5);
        CountDownLatch gaveUp = new CountDownLatch(1);
        tracker.sent(ringing(), connector, 7, gaveUp::countDown);
        assertFalse(tracker.prackReceived("c1", "2", 8), "another RSeq acknowledges nothing");
        assertTrue(tracker.prackReceived("c1", "2", 7));
        assertFalse(gaveUp.await(600, TimeUnit.MILLISECONDS), "acknowledged: never given up");
    }
}
