package io.sipcontainer.rtpengine;

import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.service.Statistics;

/**
 * The {@code rtpengine:*} statistics: the counters {@code offers}, {@code answers}, {@code deletes},
 * {@code queries} and {@code failures} (kept by {@link MediaRelay}); the gauges {@code instances},
 * {@code active_instances} and {@code calls} (calls remembered with their instance); and per
 * instance {@code <url>/disabled} (1 while skipped), {@code <url>/commands}, {@code <url>/timeouts}
 * (commands no try of which was answered) and {@code <url>/errors} (answered with an error). The
 * per-instance names follow the list: {@link #refresh()} after a reload.
 */
final class RtpengineStatistics {
    static final String GROUP = "rtpengine";
    private static final List<String> TOTALS = List.of("instances", "active_instances", "calls");
    private static final List<String> COUNTERS = List.of("offers", "answers", "deletes", "queries", "failures");

    private final Statistics stats;
    private final NgClient client;
    private final List<String> perInstance = new ArrayList<>();

    RtpengineStatistics(Statistics stats, NgClient client) {
        this.stats = stats;
        this.client = client;
        stats.gauge(GROUP, "instances", () -> client.nodes().size());
        stats.gauge(GROUP, "active_instances", () -> client.nodes().stream()
                .filter(n -> n.usable(System.currentTimeMillis())).count());
        stats.gauge(GROUP, "calls", client::pinnedCalls);
    }

    synchronized void refresh() {
        perInstance.forEach(name -> stats.remove(GROUP, name));
        perInstance.clear();
        for (NgNode n : client.nodes()) {
            String prefix = n.url() + "/";
            gauge(prefix + "disabled", () -> n.isDisabled() ? 1 : 0);
            gauge(prefix + "commands", n.commands::sum);
            gauge(prefix + "timeouts", n.timeouts::sum);
            gauge(prefix + "errors", n.errors::sum);
        }
    }

    synchronized void close() {
        perInstance.forEach(name -> stats.remove(GROUP, name));
        TOTALS.forEach(name -> stats.remove(GROUP, name));
        COUNTERS.forEach(name -> stats.remove(GROUP, name));
    }

    private void gauge(String name, java.util.function.LongSupplier value) {
        stats.gauge(GROUP, name, value);
        perInstance.add(name);
    }
}
