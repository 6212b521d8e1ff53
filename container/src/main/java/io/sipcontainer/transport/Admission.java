package io.sipcontainer.transport;

/**
 * Whether a request that would start a new transaction is taken, decided before the stack spends
 * anything on it (no transaction, no session, no hand-off). Retransmissions of transactions already
 * taken, ACKs and CANCELs never reach it, so calls in progress keep going while new work is refused.
 * Called on stack threads for every such request: implementations are cheap and never block.
 */
public interface Admission {

    /** What happens to the request. */
    enum Verdict {
        /** Processed as usual. */
        ACCEPT,
        /** Answered {@code 503 Service Unavailable} with {@code Retry-After}, statelessly. */
        REFUSE,
        /** Dropped without a reply (a flooding source, as Kamailio's pike + ban does). */
        DROP
    }

    /**
     * @param sourceAddress the sender's IP address, as text
     * @param outOfDialog   true when the request has no To tag: a new call, registration or query
     */
    Verdict admit(String sourceAddress, boolean outOfDialog);

    /**
     * As {@link #admit(String, boolean)}, for a request read from a socket whose reader still has
     * {@code backlog} messages queued for the stack's parsers: that queue is load too.
     */
    default Verdict admit(String sourceAddress, boolean outOfDialog, int backlog) {
        return admit(sourceAddress, outOfDialog);
    }

    /**
     * False when no request would be refused or dropped now whatever it is (no per-source limit,
     * and no overload with {@code backlog} messages waiting to be parsed): a reader may then pass
     * messages on without looking at them.
     */
    default boolean mayRefuse(int backlog) {
        return true;
    }

    /** The {@code Retry-After} seconds of a refusal. */
    int retryAfterSeconds();

    /** Takes everything: tests and tools that build a stack without the server. */
    Admission ACCEPT_ALL = new Admission() {
        @Override
        public Verdict admit(String sourceAddress, boolean outOfDialog) {
            return Verdict.ACCEPT;
        }

        @Override
        public int retryAfterSeconds() {
            return 0;
        }

        @Override
        public boolean mayRefuse(int backlog) {
            return false;
        }
    };
}
