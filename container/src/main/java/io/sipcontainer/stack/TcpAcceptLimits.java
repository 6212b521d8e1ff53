package io.sipcontainer.stack;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the connections peers have open to one TCP listener, overall and per source address,
 * against {@code tcp_max_connections} and {@code tcp_accept_iplimit}.
 */
final class TcpAcceptLimits {
    private final int maxConnections;
    private final int perAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();

    TcpAcceptLimits(int maxConnections, int perAddress) {
        this.maxConnections = maxConnections;
        this.perAddress = perAddress;
    }

    /** Takes a place for a new connection from {@code peer}; false (and counted) when over a limit. */
    boolean tryAcquire(InetAddress peer) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refused.increment();
            return false;
        }
        AtomicInteger mine = byAddress.computeIfAbsent(peer, a -> new AtomicInteger());
        if (mine.incrementAndGet() > perAddress) {
            release(peer);
            refused.increment();
            return false;
        }
        return true;
    }

    /** Gives back the place of a connection from {@code peer} that closed. */
    void release(InetAddress peer) {
        open.decrementAndGet();
        byAddress.computeIfPresent(peer, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int open() {
        return open.get();
    }

    long refused() {
        return refused.sum();
    }
}
