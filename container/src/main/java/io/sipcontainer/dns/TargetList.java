package io.sipcontainer.dns;

import java.util.List;

/**
 * The targets one request may still go to, in RFC 3263 order, and which one it is on. A request
 * keeps its list across retries, so each failover (RFC 3263 4.3: a new transaction, a new Via
 * branch) moves to the next target rather than resolving again.
 */
public final class TargetList {
    private final List<Target> targets;
    private final Destinations owner;
    private int index;

    TargetList(List<Target> targets, Destinations owner) {
        this.targets = List.copyOf(targets);
        this.owner = owner;
    }

    /**
     * A request that must go to this one target, with no failover: one sent on an RFC 5626 flow,
     * whose peer is reachable only over the connection it opened.
     */
    public static TargetList pinned(Target target) {
        return new TargetList(List.of(target), null);
    }

    /** The target the request goes to now; null when there is none left. */
    public Target current() {
        return index < targets.size() ? targets.get(index) : null;
    }

    /**
     * The current target failed (transport error, timeout, 503): it is blocklisted when
     * {@code use_dst_blocklist} is on, and with {@code use_dns_failover} the next target becomes
     * current. False when there is no next one to try.
     */
    public boolean failedOver() {
        Target failed = current();
        if (failed == null || owner == null) {
            return false;
        }
        owner.failed(failed);
        if (!owner.failoverEnabled()) {
            return false;
        }
        index++;
        while (index < targets.size() && owner.blocked(targets.get(index))) {
            index++;
        }
        if (index < targets.size()) {
            owner.failedOver();
            return true;
        }
        return false;
    }

    /**
     * Whether a failover could go on from the current target ({@code use_dns_failover} on and a
     * target after it; it may still turn out blocklisted by then).
     */
    public boolean hasNext() {
        return owner != null && owner.failoverEnabled() && index + 1 < targets.size();
    }

    /** Every target, in order (for logs and tests). */
    public List<Target> all() {
        return targets;
    }
}
