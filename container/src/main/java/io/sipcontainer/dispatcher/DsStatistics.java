package io.sipcontainer.dispatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import io.sipcontainer.service.Statistics;

/**
 * The {@code dispatcher:*} statistics, read when asked: totals ({@code sets}, {@code destinations},
 * {@code active_destinations}, {@code calls_sent}, {@code calls_failed_over}) and, per destination,
 * {@code <set>/<uri>/flags} (the state bits, 1 inactive 2 trying 4 disabled 8 probing),
 * {@code .../active} (1 when selectable), {@code .../latency_ms} (round trip of the last answered
 * probe, -1 before any), {@code .../latency_avg_ms} (average, with {@code ds_ping_latency_stats}),
 * {@code .../calls} and {@code .../failed_over}. The per-destination
 * names follow the list: {@link #refresh()} after every reload, add or remove.
 */
final class DsStatistics {
    static final String GROUP = "dispatcher";

    private final Statistics stats;
    private final Dispatcher ds;
    private final List<String> perDestination = new ArrayList<>();

    DsStatistics(Statistics stats, Dispatcher ds) {
        this.stats = stats;
        this.ds = ds;
        stats.gauge(GROUP, "sets", () -> ds.list().sets().size());
        stats.gauge(GROUP, "destinations", () -> count(d -> 1));
        stats.gauge(GROUP, "active_destinations", () -> count(d -> DsFlags.skip(d.flags) ? 0 : 1));
        stats.gauge(GROUP, "calls_sent", () -> count(d -> d.calls.get()));
        stats.gauge(GROUP, "calls_failed_over", () -> count(d -> d.failovers.get()));
    }

    synchronized void refresh() {
        perDestination.forEach(name -> stats.remove(GROUP, name));
        perDestination.clear();
        for (DestSet set : ds.list().sets().values()) {
            for (Dest d : set.dests) {
                String prefix = set.id + "/" + d.uri() + "/";
                gauge(prefix + "flags", () -> read(set, () -> d.flags));
                gauge(prefix + "active", () -> read(set, () -> DsFlags.skip(d.flags) ? 0 : 1));
                gauge(prefix + "latency_ms", () -> read(set, () -> d.lastLatencyMillis));
                if (ds.settings().latencyStats()) {
                    gauge(prefix + "latency_avg_ms", () -> read(set, () -> Math.round(d.latency.average)));
                }
                gauge(prefix + "calls", d.calls::get);
                gauge(prefix + "failed_over", d.failovers::get);
            }
        }
    }

    synchronized void close() {
        perDestination.forEach(name -> stats.remove(GROUP, name));
        List.of("sets", "destinations", "active_destinations", "calls_sent", "calls_failed_over")
                .forEach(name -> stats.remove(GROUP, name));
    }

    private void gauge(String name, java.util.function.LongSupplier value) {
        stats.gauge(GROUP, name, value);
        perDestination.add(name);
    }

    private static long read(DestSet set, java.util.function.LongSupplier value) {
        synchronized (set) {
            return value.getAsLong();
        }
    }

    private long count(ToLongFunction<Dest> f) {
        long n = 0;
        for (DestSet set : ds.list().sets().values()) {
            synchronized (set) {
                for (Dest d : set.dests) {
                    n += f.applyAsLong(d);
                }
            }
        }
        return n;
    }
}
