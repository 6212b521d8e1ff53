package io.sipcontainer.message;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import javax.sip.ClientTransaction;

/**
 * Kamailio tm's {@code fr_timer} for the requests this server originates (an application's
 * {@code send()}, a B2BUA leg) that have another RFC 3263 target to go to: when the current target
 * sends nothing at all, not even a provisional response, within {@code tm.fr_timer}, the request
 * is reported silent so it can fail over, instead of waiting for the stack's Timer B/F (64*T1,
 * 32 s). A response of any kind disarms it: an INVITE that got a 1xx waits for its final answer as
 * before. With no next target the stack's own timeout stays the only one (the application hears
 * its 408 as RFC 3261 8.1.3.1 says).
 */
public final class NoReplyTimer {
    /** No early timeout: requests wait for the stack's Timer B/F. */
    public static final NoReplyTimer OFF = new NoReplyTimer(null, Duration.ZERO, (record, ct) -> { });

    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final BiConsumer<TransactionRecord, ClientTransaction> silent;

    /**
     * @param timeout {@code tm.fr_timer}
     * @param silent  told (on the scheduler's thread) of a request whose transaction got no response
     *                in time, with that transaction (to tell it from one a failover opened since)
     */
    public NoReplyTimer(ScheduledExecutorService scheduler, Duration timeout,
            BiConsumer<TransactionRecord, ClientTransaction> silent) {
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.silent = silent;
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
}
