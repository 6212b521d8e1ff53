package io.sipcontainer.dialog;

import java.util.concurrent.atomic.LongAdder;

import io.sipcontainer.service.Counter;
import io.sipcontainer.service.Statistics;

/**
 * The dialog module's statistics under Kamailio's names in group {@code dialog}:
 * {@code active_dialogs} (+1 at the 2xx, -1 at the end) and {@code early_dialogs} (in state 2)
 * are gauges an operator cannot reset, {@code processed_dialogs}, {@code expired_dialogs} and
 * {@code failed_dialogs} are counters.
 */
final class DialogStats {
    static final String GROUP = "dialog";
    private static final String[] NAMES = {"active_dialogs", "early_dialogs", "processed_dialogs", "expired_dialogs",
        "failed_dialogs", "cluster_active_dialogs"};

    final LongAdder active = new LongAdder();
    final LongAdder early = new LongAdder();
    final Counter processed;
    final Counter expired;
    final Counter failed;

    DialogStats(Statistics stats) {
        stats.gauge(GROUP, "active_dialogs", active::sum);
        stats.gauge(GROUP, "early_dialogs", early::sum);
        processed = stats.counter(GROUP, "processed_dialogs");
        expired = stats.counter(GROUP, "expired_dialogs");
        failed = stats.counter(GROUP, "failed_dialogs");
    }

    /**
     * {@code cluster_active_dialogs}: the confirmed dialogs of every node of the cluster (this
     * node's {@code active_dialogs} and those it sees of the others).
     */
    void clusterGauge(Statistics stats, java.util.function.IntSupplier others) {
        stats.gauge(GROUP, "cluster_active_dialogs", () -> active.sum() + others.getAsInt());
    }

    static void unregister(Statistics stats) {
        for (String n : NAMES) {
            stats.remove(GROUP, n);
        }
    }
}
