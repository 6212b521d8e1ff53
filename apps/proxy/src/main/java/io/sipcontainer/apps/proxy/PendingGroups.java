package io.sipcontainer.apps.proxy;

import java.io.Serializable;
import java.util.List;

/**
 * The q groups of a serial fork that have not been tried yet ({@code t_next_contacts}), kept on
 * the original request between the proxy operation and its failure responses. Only the thread of
 * the request's application session touches it, so it needs no locking.
 */
final class PendingGroups implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<List<RelayTarget>> groups;
    private final boolean outboundHint;
    private final int maxForwards;
    private int next;

    PendingGroups(List<List<RelayTarget>> groups, boolean outboundHint, int maxForwards) {
        this.groups = List.copyOf(groups);
        this.outboundHint = outboundHint;
        this.maxForwards = maxForwards;
    }

    boolean hasNext() {
        return next < groups.size();
    }

    /** The next group, which is then no longer pending. */
    List<RelayTarget> next() {
        return groups.get(next++);
    }

    boolean outboundHint() {
        return outboundHint;
    }

    int maxForwards() {
        return maxForwards;
    }
}
