package io.sipcontainer.overload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per source address per sampling unit, as Kamailio's pike counts them: a source sending
 * more than the density in one unit is banned for the ban time, and its requests are dropped until
 * then. Sources idle for the remove latency are forgotten by {@link #sweep}. Thread-safe; one map
 * look-up and one short lock per request.
 */
public final class Pike {

    /** One row of {@code pike.top}. */
    public record Source(String address, int hitsPrevious, int hitsCurrent, long expiresSeconds, String status) {
    }

    private static final class Counts {
        long windowStart;
        int current;
        int previous;
        long bannedUntil;
        long lastSeen;
    }

    private final PikeSettings settings;
    private final LongSupplier clockMillis;
    private final Map<String, Counts> sources = new ConcurrentHashMap<>();

    public Pike(PikeSettings settings, LongSupplier clockMillis) {
        this.settings = settings;
        this.clockMillis = clockMillis;
    }

    /** Counts a request from {@code address}; false when the source is (or just became) banned. */
    public boolean allow(String address) {
        long now = clockMillis.getAsLong();
        Counts c = sources.get(address);
        if (c == null) {
            if (sources.size() >= settings.maxSources()) {
                return true; // the table is full (a spoofed flood): fail open rather than grow
            }
            c = sources.computeIfAbsent(address, a -> new Counts());
        }
        long unit = settings.samplingTimeUnit().toMillis();
        synchronized (c) {
            long elapsed = now - c.windowStart;
            if (elapsed >= unit) {
                c.previous = elapsed >= 2 * unit ? 0 : c.current;
                c.current = 0;
                c.windowStart = now - elapsed % unit;
            }
            c.current++;
            c.lastSeen = now;
            if (c.bannedUntil > now) {
                return false;
            }
            if (c.current > settings.reqsDensityPerUnit()) {
                c.bannedUntil = now + Math.max(settings.banTime().toMillis(), unit);
                return false;
            }
            return true;
        }
    }

    /** Forgets the sources idle for longer than the remove latency and not banned; returns how many. */
    public int sweep() {
        long now = clockMillis.getAsLong();
        long latency = settings.removeLatency().toMillis();
        int before = sources.size();
        sources.values().removeIf(c -> {
            synchronized (c) {
                return c.bannedUntil <= now && now - c.lastSeen > latency;
            }
        });
        return before - sources.size();
    }

    /**
     * The tracked sources, busiest first: {@code HOT} when banned, {@code WARM} when past half the
     * density in the current or last unit, else {@code COLD}; {@code filter} is ALL, HOT or WARM.
     */
    public List<Source> top(String filter) {
        long now = clockMillis.getAsLong();
        List<Source> out = new ArrayList<>();
        sources.forEach((address, c) -> {
            synchronized (c) {
                boolean current = now - c.windowStart < settings.samplingTimeUnit().toMillis();
                int hits = current ? c.current : 0;
                String status = c.bannedUntil > now ? "HOT"
                        : Math.max(hits, c.previous) * 2 > settings.reqsDensityPerUnit() ? "WARM" : "COLD";
                long expires = c.bannedUntil > now ? (c.bannedUntil - now + 999) / 1000
                        : Math.max(0, (c.lastSeen + settings.removeLatency().toMillis() - now + 999) / 1000);
                if ("ALL".equalsIgnoreCase(filter) || status.equalsIgnoreCase(filter)) {
                    out.add(new Source(address, c.previous, hits, expires, status));
                }
            }
        });
        out.sort(Comparator.comparingInt((Source s) -> s.hitsCurrent() + s.hitsPrevious()).reversed());
        return out;
    }

    public boolean isBanned(String address) {
        Counts c = sources.get(address);
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.bannedUntil > clockMillis.getAsLong();
        }
    }
}
