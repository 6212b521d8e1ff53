package io.sipcontainer.apps.proxy;

import java.io.Serializable;
import java.util.List;

/**
 * The dispatcher destinations of a request not tried yet ({@code ds_next_dst}), kept on the
 * original request between the proxy operation and its failure responses. Only the thread of the
 * request's application session touches it.
 */
final class PendingDestinations implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int setId;
    private final List<String> uris;
    private final int maxForwards;
    private int current;

    PendingDestinations(int setId, List<String> uris, int maxForwards) {
        this.setId = setId;
        this.uris = List.copyOf(uris);
        this.maxForwards = maxForwards;
    }

    int setId() {
        return setId;
    }

    String current() {
        return uris.get(current);
    }

    /** The destination after the current one, or null when none is left. */
    String peekNext() {
        return current + 1 < uris.size() ? uris.get(current + 1) : null;
    }

    /** Moves on to the next destination and returns it. */
    String advance() {
        return uris.get(++current);
    }

    int maxForwards() {
        return maxForwards;
    }
}
