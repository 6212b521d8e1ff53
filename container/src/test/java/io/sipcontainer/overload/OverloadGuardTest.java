package io.sipcontainer.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.transport.Admission.Verdict;

/** Which new requests the server sheds, and how it reports it. */
class OverloadGuardTest {
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(5_000);
    private final PikeSettings pikeSettings = new PikeSettings(true, Duration.ofSeconds(2), 2, Duration.ofSeconds(120),
            Duration.ofSeconds(300), 1000);

    private OverloadGuard guard(int queueLimit, int transactionLimit, boolean withPike) {
        return new OverloadGuard(new OverloadSettings(queueLimit, transactionLimit, 5), pikeSettings,
                withPike ? new Pike(pikeSettings, now::get) : null, queued::get, transactions::get,
                "127.0.0.1"::equals);
    }

    @Test
    void pastTheQueueLimitNewRequestsAreRefusedButDialogsGoOn() {
        OverloadGuard guard = guard(100, 0, false);
        queued.set(100);
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.1", true), "at the limit, not past it");
        queued.set(101);
        assertEquals(Verdict.REFUSE, guard.admit("192.0.2.1", true));
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.1", false), "an in-dialog request (a BYE) still goes");
        queued.set(0);
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.1", true), "back to normal once the queue drains");
        assertEquals(1, guard.refusedCount());
        assertEquals(5, guard.retryAfterSeconds());
    }

    @Test
    void theParserBacklogCountsTowardTheQueueLimitAndNothingIsRefusableBelowIt() {
        OverloadGuard guard = guard(100, 0, false);
        assertEquals(false, guard.mayRefuse(100), "no pike, no overload: a reader need not look");
        assertEquals(true, guard.mayRefuse(101));
        assertEquals(Verdict.REFUSE, guard.admit("192.0.2.1", true, 101));
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.1", true, 100));
        assertEquals(true, guard(100, 0, true).mayRefuse(0), "with pike every request is counted");
    }

    @Test
    void whileOverloadedALightSourceIsServedUpToItsAllowance() {
        OverloadGuard guard = new OverloadGuard(new OverloadSettings(100, 0, 5, 2, 100), pikeSettings, null,
                queued::get, transactions::get, "127.0.0.1"::equals);
        queued.set(101);
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.1", true));
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.1", true));
        assertEquals(Verdict.REFUSE, guard.admit("192.0.2.1", true), "past the allowance of 2");
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.2", true), "another source");
    }

    @Test
    void pastTheTransactionLimitNewRequestsAreRefused() {
        OverloadGuard guard = guard(0, 1000, false);
        queued.set(1_000_000);
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.1", true), "queue_limit 0 never refuses");
        transactions.set(1001);
        assertEquals(Verdict.REFUSE, guard.admit("192.0.2.1", true));
    }

    @Test
    void pikeDropsAFloodingSourceButNeverOurOwnAddress() {
        OverloadGuard guard = guard(0, 0, true);
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.66", true));
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.66", false));
        assertEquals(Verdict.DROP, guard.admit("192.0.2.66", false), "in-dialog requests count too");
        assertEquals(Verdict.ACCEPT, guard.admit("192.0.2.67", true), "another source is served");
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.ACCEPT, guard.admit("127.0.0.1", true), "src_ip == myself is exempt");
        }
        assertEquals(1, guard.droppedCount());
    }

    @Test
    void statisticsAndPikeTopAreRegisteredUnderKamailiosNames() throws Exception {
        OverloadGuard guard = guard(1, 0, true);
        StatisticsRegistry stats = new StatisticsRegistry();
        DefaultRpcRegistry rpc = new DefaultRpcRegistry();
        guard.register(stats, rpc);
        queued.set(2);
        guard.admit("192.0.2.5", true);
        guard.admit("192.0.2.5", true);
        guard.admit("192.0.2.5", true);
        Map<String, Long> snapshot = stats.snapshot("all");
        assertEquals(2L, snapshot.get("overload:refused_503"));
        assertEquals(1L, snapshot.get("pike:dropped_requests"));
        Object top = rpc.call("pike.top", new RpcParams(java.util.List.of("HOT")));
        assertEquals("[{ip_addr=192.0.2.5, leaf_hits_prev=0, leaf_hits_curr=3, expires=300, status=HOT}]",
                top.toString());
    }
}
