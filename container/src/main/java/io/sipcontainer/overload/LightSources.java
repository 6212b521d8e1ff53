package io.sipcontainer.overload;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Which sources may still start new requests while the server is overloaded: those that sent no
 * more than {@code perSource} new requests in the current second, as long as no more than
 * {@code total} such requests were let through in that second. A flood from one source thus gets
 * 503s while a phone registering or a monitor sending OPTIONS from elsewhere is still served; the
 * total bounds what many light sources together (a flood spread over addresses) can add to an
 * overloaded server. Consulted only on the refusal path, so it costs nothing while the server keeps
 * up; its memory is one counter per source seen in the current second, at most {@code maxSources}.
 */
final class LightSources {
    private final int perSource;
    private final int total;
    private final int maxSources;
    private final LongSupplier clockMillis;
    private volatile Second current;

    /** The counts of one second. */
    private record Second(long index, ConcurrentHashMap<String, AtomicInteger> counts, AtomicInteger admitted) {
    }

    LightSources(int perSource, int total, int maxSources, LongSupplier clockMillis) {
        this.perSource = perSource;
        this.total = total;
        this.maxSources = maxSources;
        this.clockMillis = clockMillis;
        this.current = new Second(Long.MIN_VALUE, new ConcurrentHashMap<>(), new AtomicInteger());
    }

    /** Counts a new request from {@code source}; true when it is to be taken despite the overload. */
    boolean admit(String source) {
        if (perSource <= 0 || total <= 0) {
            return false;
        }
        Second s = second();
        AtomicInteger count = s.counts().get(source);
        if (count == null) {
            if (s.counts().size() >= maxSources) {
                return false; // too many sources this second to tell light from heavy
            }
            count = s.counts().computeIfAbsent(source, k -> new AtomicInteger());
        }
        if (count.incrementAndGet() > perSource) {
            return false;
        }
        return s.admitted().incrementAndGet() <= total;
    }

    private Second second() {
        long index = clockMillis.getAsLong() / 1000;
        Second s = current;
        if (s.index() != index) {
            s = new Second(index, new ConcurrentHashMap<>(), new AtomicInteger());
            current = s; // two threads turning the second at once lose at most a few counts
        }
        return s;
    }
}
