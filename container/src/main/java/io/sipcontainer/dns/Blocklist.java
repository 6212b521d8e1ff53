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
}
