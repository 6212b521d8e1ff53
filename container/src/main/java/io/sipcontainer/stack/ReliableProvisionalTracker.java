package io.sipcontainer.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.transport.Connector;

/**
 * Retransmission of reliable provisional responses (RFC 3262 section 3): the transaction layer
 * sends a 1xx once, so a 1xx sent with RSeq is sent again after T1, then at intervals doubling each
 * time (not capped at T2, unlike the transaction layer's timers), over every transport, until the
 * PRACK that acknowledges it arrives; after 64*T1 without one the caller is told, so the request
 * can be rejected with a 5xx as the RFC says.
 */
final class ReliableProvisionalTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ReliableProvisionalTracker.class);

    private final ScheduledExecutorService scheduler;
    private final long t1;
    private final Map<String, ScheduledFuture<?>> awaitingPrack = new ConcurrentHashMap<>();

    ReliableProvisionalTracker(ScheduledExecutorService scheduler, long t1Millis) {
        this.scheduler = scheduler;
        this.t1 = t1Millis;
    }

    static String key(String callId, String toTag, long rseq) {
        return callId + '|' + toTag + '|' + rseq;
    }

    /** A reliable 1xx was sent: retransmit it until {@link #prackReceived}; {@code unacknowledged} runs at 64*T1. */
    void sent(SIPResponse response, Connector connector, long rseq, Runnable unacknowledged) {
        String key = key(response.getCallId().getCallId(), response.getToTag(), rseq);
        schedule(key, response, connector, t1, 0, unacknowledged);
    }

    private void schedule(String key, SIPResponse response, Connector connector, long interval, long elapsed,
            Runnable unacknowledged) {
        ScheduledFuture<?> f = scheduler.schedule(() -> {
            if (!awaitingPrack.containsKey(key)) {
                return;
            }
            long total = elapsed + interval;
            if (total >= 64 * t1) {
                awaitingPrack.remove(key);
                LOG.debug("No PRACK for the reliable provisional response {}", key);
                unacknowledged.run();
                return;
            }
            try {
                connector.provider().sendResponse(response);
            } catch (Exception e) {
                LOG.debug("Retransmitting the reliable provisional response {} failed: {}", key, e.toString());
            }
            // doubling, but the last wait ends at 64*T1 exactly
            schedule(key, response, connector, Math.min(interval * 2, 64 * t1 - total), total, unacknowledged);
        }, interval, TimeUnit.MILLISECONDS);
        awaitingPrack.put(key, f);
    }

    /** A PRACK acknowledged the 1xx with this RSeq: stop retransmitting it. False when none was waiting. */
    boolean prackReceived(String callId, String toTag, long rseq) {
        ScheduledFuture<?> f = awaitingPrack.remove(key(callId, toTag, rseq));
        if (f == null) {
            return false;
        }
        f.cancel(false);
        return true;
    }
}
