package io.sipcontainer.location;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Record unique ids in Kamailio's sruid shape, {@code uloc-<start time hex>-<pid hex><random hex>-<counter>}:
 * unique across restarts because the start time changes, across the nodes of a cluster (which
 * may start in the same second with the same pid, in containers) because of the random part, and
 * short enough to go into a temp-GRUU.
 */
final class RuidGenerator {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RuidGenerator() {
        prefix = "uloc-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + Long.toHexString(ProcessHandle.current().pid())
                + String.format("%06x", java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24)) + "-";
    }

    String next() {
        return prefix + counter.incrementAndGet();
    }
}
