package io.sipcontainer.message;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import javax.sip.ClientTransaction;

/**
 * Kamailio tm's {@code fr_timer} and {@code fr_inv_timer} for the requests this server originates.
 *
 * <p>{@code fr_timer}: for those (an application's
 * {@code send()}, a B2BUA leg) that have another RFC 3263 target to go to: when the current target
 * sends nothing at all, not even a provisional response, within {@code tm.fr_timer}, the request
 * is reported silent so it can fail over, instead of waiting for the stack's Timer B/F (64*T1,
 * 32 s). A response of any kind disarms it. With no next target the stack's own timeout stays the
 * only one (the application hears its 408 as RFC 3261 8.1.3.1 says).
 *
 * <p>{@code fr_inv_timer}: an INVITE that got a provisional response and still has no final one
 * that long after it is reported as ringing too long (the server then cancels it; the application
 * hears the callee's 487), as tm ends a branch that rings past {@code fr_inv_timer}.
 */
public final class NoReplyTimer {
    /** No early timeout: requests wait for the stack's Timer B/F. */
    public static final NoReplyTimer OFF = new NoReplyTimer(null, Duration.ZERO, (record, ct) -> { }, Duration.ZERO,
            (record, ct) -> { });

    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final BiConsumer<TransactionRecord, ClientTransaction> silent;
    private final Duration ringingTimeout;
    private final BiConsumer<TransactionRecord, ClientTransaction> ringingTooLong;

    /**
     * @param timeout {@code tm.fr_timer}
     * @param silent  told (on the scheduler's thread) of a request whose transaction got no response
     *                in time, with that transaction (to tell it from one a failover opened since)
     * @param ringingTimeout {@code tm.fr_inv_timer}; zero: an INVITE may ring for ever
     * @param ringingTooLong told of an INVITE without a final response that long after its first 1xx
     */
    public NoReplyTimer(ScheduledExecutorService scheduler, Duration timeout,
            BiConsumer<TransactionRecord, ClientTransaction> silent, Duration ringingTimeout,
            BiConsumer<TransactionRecord, ClientTransaction> ringingTooLong) {
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.silent = silent;
        this.ringingTimeout = ringingTimeout;
        this.ringingTooLong = ringingTooLong;
    }

    /** The wait for a first response ({@code tm.fr_timer}); zero when off. */
    public Duration timeout() {
        return timeout;
    }

    /** Starts the wait for {@code ct}, the transaction {@code record}'s request was just sent on. */
    void arm(TransactionRecord record, ClientTransaction ct) {
        if (scheduler == null || timeout.isZero()) {
            return;
        }
        record.noReplyWait(scheduler.schedule(() -> {
            // not when the request moved on (failover, a new transaction) or anything was heard
            if (record.clientTransaction() == ct && ct.getApplicationData() == record
                    && !record.isHeard() && record.lastProvisional() == null && !record.isAnswered()) {
                silent.accept(record, ct);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Starts the wait for the final response of the INVITE on {@code ct}, which just got its first 1xx. */
    void armRinging(TransactionRecord record, ClientTransaction ct) {
        if (scheduler == null || ringingTimeout.isZero() || ct == null) {
            return;
        }
        record.ringingWait(scheduler.schedule(() -> {
            if (record.clientTransaction() == ct && !record.isAnswered()) {
                ringingTooLong.accept(record, ct);
            }
        }, ringingTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }
}
