package io.sipcontainer.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

import io.sipcontainer.transport.Connector;

/**
 * The end-to-end reliability of a 2xx to INVITE (RFC 3261 13.3.1.4 and 13.2.2.4), which the
 * transaction layer does not cover because the INVITE transaction ends with the 2xx: as a UAS,
 * retransmit the 2xx over UDP from T1 doubling to T2 until the ACK arrives or 64*T1 pass (and
 * report a missing ACK, whatever the transport); as a UAC, answer a retransmitted 2xx with the ACK
 * already sent.
 */
final class InviteAckTracker {
    private static final Logger LOG = LoggerFactory.getLogger(InviteAckTracker.class);
    static final long T1 = 500;
    static final long T2 = 4000;
    static final long GIVE_UP = 64 * T1;

    private final ScheduledExecutorService scheduler;
    private final Map<String, ScheduledFuture<?>> awaitingAck = new ConcurrentHashMap<>();
    private final Map<String, SIPRequest> sentAcks = new ConcurrentHashMap<>();

    InviteAckTracker(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static String key(String callId, String tag, long cseq) {
        return callId + '|' + tag + '|' + cseq;
    }

    /**
     * A 2xx to INVITE left: over an unreliable transport it is retransmitted until the ACK; over any,
     * {@code noAck} runs when no ACK came within 64*T1.
     */
    void okSent(SIPResponse ok, Connector connector, Runnable noAck) {
        String key = key(ok.getCallId().getCallId(), ok.getToTag(), ok.getCSeq().getSeqNumber());
        if (connector.isReliable()) {
            awaitingAck.put(key, scheduler.schedule(() -> {
                if (awaitingAck.remove(key) != null) {
                    noAck.run();
                }
            }, GIVE_UP, TimeUnit.MILLISECONDS));
            return;
        }
        schedule(key, ok, connector, T1, 0, noAck);
    }

    private void schedule(String key, SIPResponse ok, Connector connector, long interval, long elapsed, Runnable noAck) {
        ScheduledFuture<?> f = scheduler.schedule(() -> {
            if (!awaitingAck.containsKey(key)) {
                return;
            }
            long total = elapsed + interval;
            if (total >= GIVE_UP) {
                awaitingAck.remove(key);
                LOG.debug("No ACK for the 2xx of {}", key);
                noAck.run();
                return;
            }
            try {
                connector.provider().sendResponse(ok);
            } catch (Exception e) {
                LOG.debug("Retransmitting the 2xx of {} failed: {}", key, e.toString());
            }
            schedule(key, ok, connector, Math.min(interval * 2, T2), total, noAck);
        }, interval, TimeUnit.MILLISECONDS);
        awaitingAck.put(key, f);
    }

    /** An ACK arrived for a 2xx this server sent: stop retransmitting it. */
    void ackReceived(String callId, String toTag, long cseq) {
        ScheduledFuture<?> f = awaitingAck.remove(key(callId, toTag, cseq));
        if (f != null) {
            f.cancel(false);
        }
    }

    /** An ACK this server sent for a 2xx: kept for 64*T1 to answer retransmissions of the 2xx. */
    void ackSent(SIPRequest ack) {
        String key = key(ack.getCallId().getCallId(), ack.getFromTag(), ack.getCSeq().getSeqNumber());
        sentAcks.put(key, ack);
        scheduler.schedule(() -> sentAcks.remove(key), GIVE_UP, TimeUnit.MILLISECONDS);
    }

    /** Sends the ACK kept for a retransmitted 2xx again; false when none is kept. */
    boolean resend(SIPResponse ok, Connector connector) {
        SIPRequest ack = sentAcks.get(key(ok.getCallId().getCallId(), ok.getFromTag(), ok.getCSeq().getSeqNumber()));
        if (ack == null) {
            return false;
        }
        try {
            connector.provider().sendRequest(ack);
        } catch (Exception e) {
            LOG.debug("Could not resend ACK: {}", e.toString());
        }
        return true;
    }
}
