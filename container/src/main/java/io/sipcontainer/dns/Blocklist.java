package io.sipcontainer.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kamailio's destination blocklist ({@code use_dst_blocklist}, {@code dst_blocklist_expire}): a
 * target that failed (transport error, timeout, 503) is skipped by server location until its entry
 * expires, so later requests do not wait for it again.
 */
public final class Blocklist {
    private final Duration expire;
    private final Clock clock;
    private final Map<Target, Instant> until = new ConcurrentHashMap<>();

    public Blocklist(Duration expire, Clock clock) {
        this.expire = expire;
        this.clock = clock;
    }

    /** Blocks {@code target} for {@code dst_blocklist_expire} from now. */
    public void add(Target target) {
        until.put(target, clock.instant().plus(expire));
    }

    /** True while {@code target}'s entry has not expired. */
    public boolean contains(Target target) {
        Instant end = until.get(target);
        if (end == null) {
            return false;
        }
        if (clock.instant().isBefore(end)) {
            return true;
        }
        until.remove(target, end);
        return false;
    }

    /** How many entries are held (expired ones included until looked at). */
    public int size() {
        return until.size();
    }

    /** One blocked destination and the seconds it stays blocked, as {@code dst_blocklist.view} shows it. */
    public record Blocked(Target target, long secondsLeft) {
    }

    /** The destinations blocked now, expired entries dropped. */
    public java.util.List<Blocked> view() {
        Instant now = clock.instant();
        java.util.List<Blocked> out = new java.util.ArrayList<>();
        until.forEach((t, end) -> {
            if (now.isBefore(end)) {
                out.add(new Blocked(t, java.time.Duration.between(now, end).toSeconds()));
            } else {
                until.remove(t, end);
            }
        });
        out.sort(java.util.Comparator.comparing(b -> b.target().toString()));
        return out;
    }

    /** Unblocks every destination ({@code dst_blocklist.delete_all}). */
    public void clear() {
        until.clear();
    }
}
