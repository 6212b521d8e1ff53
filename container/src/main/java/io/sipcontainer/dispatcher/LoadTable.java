package io.sipcontainer.dispatcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Algorithm 10's record of which call loads which destination, by Call-ID (Kamailio's
 * {@code ds_hash_size} table): a call adds one to its destination's load when it is dispatched,
 * moves it when it fails over, and removes it when it ends ({@code ds_load_unset}, a BYE or
 * CANCEL) or after {@code ds_hash_expire} seconds, whichever comes first.
 */
final class LoadTable {
    private record Cell(DestSet set, Dest dest, long expiresNanos) {
    }

    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final long expireNanos;

    LoadTable(long expireSeconds) {
        this.expireNanos = expireSeconds * 1_000_000_000L;
    }

    /** Adds the call's load to {@code dest} (set monitor held); false when it has no duid. */
    boolean add(String callId, DestSet set, Dest dest) {
        if (callId == null || dest.attrs().duid() == null || dest.attrs().duid().isEmpty()) {
            return false;
        }
        Cell old = cells.put(callId, new Cell(set, dest, System.nanoTime() + expireNanos));
        if (old != null && old.dest != dest) {
            release(old);
        }
        dest.load++;
        return true;
    }

    /** Moves the call's load to another destination of its set (failover). */
    void replace(String callId, Dest next) {
        Cell old = callId == null ? null : cells.get(callId);
        if (old == null || old.dest == next) {
            return;
        }
        synchronized (old.set) {
            add(callId, old.set, next);
        }
    }

    void remove(String callId) {
        Cell old = callId == null ? null : cells.remove(callId);
        if (old != null) {
            release(old);
        }
    }

    /** Drops calls older than {@code ds_hash_expire} (their BYE never came through here). */
    void expire() {
        long now = System.nanoTime();
        cells.forEach((callId, cell) -> {
            if (now - cell.expiresNanos > 0 && cells.remove(callId, cell)) {
                release(cell);
            }
        });
    }

    int size() {
        return cells.size();
    }

    private static void release(Cell cell) {
        synchronized (cell.set) {
            if (cell.dest.load > 0) {
                cell.dest.load--;
            }
        }
    }
}
