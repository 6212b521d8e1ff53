package io.sipcontainer.dispatcher;

/**
 * One destination of a set at run time: what its line says, and the state that changes (flags,
 * the probe counter the thresholds count with, latency, call load, the counts the statistics
 * show). Guarded by the lock of its {@link DestSet}; a reload that keeps the line unchanged moves
 * the same object into the new list, so nothing of its state is lost.
 */
final class Dest {
    final ListEntry entry;
    int flags;
    int probingCount;
    /** Calls routed here with algorithm 10 and not ended yet. */
    int load;
    final Latency latency = new Latency();
    /** Round trip of the last answered probe in ms, -1 before any (kept whatever ds_ping_latency_stats says). */
    long lastLatencyMillis = -1;
    final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong failovers = new java.util.concurrent.atomic.AtomicLong();

    Dest(ListEntry entry) {
        this.entry = entry;
        this.flags = entry.flags();
        if (entry.attrs().initialLatency() != 0) {
            latency.init(entry.attrs().initialLatency(), 10_000);
        }
    }

    String uri() {
        return entry.uri();
    }

    int priority() {
        return entry.priority();
    }

    Attrs attrs() {
        return entry.attrs();
    }

    /**
     * Kamailio's latency statistics of the probes: average and standard deviation (Welford's online
     * method), maximum, an exponentially weighted estimate, and the count of probes that timed out.
     */
    static final class Latency {
        double average;
        double stdev;
        double m2;
        double estimate;
        int min;
        int max;
        int count;
        long timeouts;

        void init(int latency, int n) {
            stdev = 0;
            m2 = 0;
            max = latency;
            min = latency;
            average = latency;
            estimate = latency;
            count = n;
        }

        void update(int latency, double alpha) {
            if (count < 2_097_152) {
                count++;
            } else {
                m2 -= m2 / Math.max(count, 1);
            }
            if (count == 1) {
                init(latency, 1);
            }
            if (count > 10 && count < 10_000 && stdev < 0.5) {
                count = 10_000; // a stable average: the estimator is trained
            }
            min = Math.min(min, latency);
            max = Math.max(max, latency);
            if (count > 1) {
                double delta = latency - average;
                average += delta / Math.max(count, 1);
                double delta2 = latency - average;
                m2 += delta * delta2;
                stdev = Math.sqrt(m2 / Math.max(count - 1, 1));
            }
            estimate = count < 10 ? average : estimate * alpha + latency * (1 - alpha);
        }
    }
}
