package io.sipcontainer.overload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.stats.StatisticsRegistry;
import io.sipcontainer.transport.Admission;
import io.sipcontainer.util.RateLimitedLog;

/**
 * The server's {@link Admission}: a source pike has banned is dropped (our own addresses never are,
 * as Kamailio's default configuration checks {@code src_ip!=myself}); a new out-of-dialog request
 * while the work queue or the transaction table is past its bound gets 503 with Retry-After, so the
 * server sheds new work instead of queueing it until everything times out, and calls in progress
 * (in-dialog requests, retransmissions, responses) keep going. While overloaded, a source that
 * sends only a few new requests ({@code overload.source_allowance} a second, {@code
 * overload.allowance_total} from all such sources together) is still served: a flood from one
 * address is refused without refusing everyone else ({@link LightSources}).
 */
public final class OverloadGuard implements Admission {
    private static final Logger LOG = LoggerFactory.getLogger(OverloadGuard.class);

    private final OverloadSettings settings;
    private final PikeSettings pikeSettings;
    private final Pike pike;
    private final IntSupplier queued;
    private final IntSupplier transactions;
    private final Predicate<String> myself;
    private final LightSources lightSources;
    private final LongAdder refused = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final RateLimitedLog droppedLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    /**
     * @param pike         null when pike is disabled
     * @param queued       tasks waiting for a worker
     * @param transactions server transactions the stack holds
     * @param myself       true for an address of this server
     */
    public OverloadGuard(OverloadSettings settings, PikeSettings pikeSettings, Pike pike, IntSupplier queued,
            IntSupplier transactions, Predicate<String> myself) {
        this.settings = settings;
        this.pikeSettings = pikeSettings;
        this.pike = pike;
        this.queued = queued;
        this.transactions = transactions;
        this.myself = myself;
        this.lightSources = new LightSources(settings.sourceAllowance(), settings.allowanceTotal(),
                pikeSettings.maxSources(), System::currentTimeMillis);
    }

    @Override
    public Verdict admit(String sourceAddress, boolean outOfDialog) {
        return admit(sourceAddress, outOfDialog, 0);
    }

    @Override
    public Verdict admit(String sourceAddress, boolean outOfDialog, int backlog) {
        if (pike != null && sourceAddress != null && !myself.test(sourceAddress) && !pike.allow(sourceAddress)) {
            dropped.increment();
            droppedLog.warn("pike: dropping requests from {} (more than {} per {} s)", sourceAddress,
                    pikeSettings.reqsDensityPerUnit(), pikeSettings.samplingTimeUnit().toSeconds());
            return Verdict.DROP;
        }
        if (outOfDialog && (overloaded() || (settings.queueLimit() > 0 && backlog > settings.queueLimit()))
                && (sourceAddress == null || !lightSources.admit(sourceAddress))) {
            refused.increment();
            refusedLog.warn("Overloaded ({} tasks queued, {} messages waiting to be parsed, {} server transactions):"
                    + " new requests get 503", queued.getAsInt(), backlog, transactions.getAsInt());
            return Verdict.REFUSE;
        }
        return Verdict.ACCEPT;
    }

    @Override
    public boolean mayRefuse(int backlog) {
        return pike != null || overloaded() || (settings.queueLimit() > 0 && backlog > settings.queueLimit());
    }

    private boolean overloaded() {
        return (settings.queueLimit() > 0 && queued.getAsInt() > settings.queueLimit())
                || (settings.transactionLimit() > 0 && transactions.getAsInt() > settings.transactionLimit());
    }

    @Override
    public int retryAfterSeconds() {
        return settings.retryAfterSeconds();
    }

    public long refusedCount() {
        return refused.sum();
    }

    public long droppedCount() {
        return dropped.sum();
    }

    /**
     * Statistics {@code overload:refused_503} and {@code pike:dropped_requests}, and (with pike)
     * Kamailio's {@code pike.top [ALL|HOT|WARM]}.
     */
    public void register(StatisticsRegistry statistics, RpcRegistry rpc) {
        statistics.gauge("overload", "refused_503", refused::sum);
        statistics.gauge("pike", "dropped_requests", dropped::sum);
        if (pike == null) {
            return;
        }
        rpc.registerReadOnly("pike.top", "Sources pike tracks: pike.top [ALL|HOT|WARM]", params -> {
            String filter = params.string(0, "ALL");
            if (!List.of("ALL", "HOT", "WARM").contains(filter.toUpperCase(java.util.Locale.ROOT))) {
                throw new RpcException(500, "Invalid filter: " + filter + " (ALL, HOT or WARM)");
            }
            return pike.top(filter).stream().map(OverloadGuard::row).toList();
        });
    }

    private static Map<String, Object> row(Pike.Source s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip_addr", s.address());
        m.put("leaf_hits_prev", s.hitsPrevious());
        m.put("leaf_hits_curr", s.hitsCurrent());
        m.put("expires", s.expiresSeconds());
        m.put("status", s.status());
        return m;
    }
}
