package io.sipcontainer.dispatcher;

/**
 * How a destination's state moves, as Kamailio's {@code ds_update_state} and its OPTIONS callback
 * move it: a failure sets Trying and, after {@code ds_probing_threshold} failures in a row,
 * Inactive; an inactive destination that answers becomes Active after
 * {@code ds_inactive_threshold} answers in a row; Disabled is only left by an administrator.
 * Which destinations get probed follows {@code ds_probing_mode} (0 those flagged P until they
 * answer, 1 all, 2 inactive ones flagged P, 3 those flagged P, continuously).
 * Every method runs with the monitor of the destination's set held.
 */
final class StateMachine {
    static final int PROBE_NONE = 0;
    static final int PROBE_ALL = 1;
    static final int PROBE_INACTIVE = 2;
    static final int PROBE_ONLY_FLAGGED = 3;

    private final DsSettings settings;

    StateMachine(DsSettings settings) {
        this.settings = settings;
    }

    /**
     * {@code ds_update_state} with mode 0 ({@code ds_mark_dst} and probe answers): the new state
     * bits, with the thresholds applied. Returns whether the destination became usable or unusable.
     */
    boolean update(Dest d, int state) {
        int old = d.flags;
        int init = state;
        d.flags &= ~DsFlags.STATES;
        if ((state & DsFlags.TRYING) != 0 && (old & DsFlags.INACTIVE) != 0) {
            // an inactive destination must become active before it can be trying again
            state = (state & ~DsFlags.TRYING) | DsFlags.INACTIVE;
        }
        d.flags |= (state & DsFlags.DISABLED) != 0 ? DsFlags.DISABLED : state;
        if ((state & DsFlags.TRYING) != 0) {
            d.probingCount++;
            if (d.probingCount >= settings.probingThreshold()) {
                d.flags = (d.flags & ~DsFlags.TRYING) | DsFlags.INACTIVE;
                d.probingCount = 0;
            }
        } else if ((init & DsFlags.TRYING) == 0 && (old & DsFlags.INACTIVE) != 0) {
            d.probingCount++;
            if (d.probingCount < settings.inactiveThreshold()) {
                d.flags |= DsFlags.INACTIVE | (old & DsFlags.PROBING);
            } else {
                d.probingCount = 0;
            }
        } else {
            d.probingCount = 0;
        }
        return DsFlags.skip(old) != DsFlags.skip(d.flags);
    }

    /**
     * {@code dispatcher.set_state}: the state bits as given, no thresholds. Returns whether the
     * destination became usable or unusable.
     */
    static boolean reinit(Dest d, int state) {
        int old = d.flags;
        d.flags = (d.flags & ~DsFlags.STATES) | state;
        return DsFlags.skip(old) != DsFlags.skip(d.flags);
    }

    /** Whether the probe timer sends this destination an OPTIONS now. */
    boolean shouldProbe(Dest d) {
        int f = d.flags;
        if ((f & (DsFlags.DISABLED | DsFlags.NO_PING | DsFlags.NO_DNS)) != 0) {
            return false;
        }
        int mode = settings.probingMode();
        if (mode == PROBE_ALL) {
            return true;
        }
        if (mode != PROBE_INACTIVE && (f & DsFlags.PROBING) != 0) {
            return true;
        }
        return mode == PROBE_INACTIVE && (f & DsFlags.PROBING) != 0 && (f & DsFlags.INACTIVE) != 0;
    }

    /**
     * The answer to a probe (408 when it timed out): a 2xx or a code of
     * {@code ds_ping_reply_codes} means Active, anything else Trying, P kept as the mode says.
     * Returns whether the destination became usable or unusable; false when nothing changed.
     */
    boolean probed(Dest d, int code) {
        int mode = settings.probingMode();
        if (mode == PROBE_ONLY_FLAGGED && (d.flags & DsFlags.PROBING) == 0) {
            return false; // probing was switched off for it meanwhile
        }
        if ((d.flags & DsFlags.DISABLED) != 0) {
            return false; // disabled meanwhile by an administrator
        }
        int state;
        if (code >= 200 && code <= 299 || settings.isPingReplyCode(code)) {
            state = 0;
            if (mode == PROBE_ALL || mode == PROBE_ONLY_FLAGGED && (d.flags & DsFlags.PROBING) != 0) {
                state |= DsFlags.PROBING;
            }
        } else {
            state = DsFlags.TRYING;
            if (mode != PROBE_NONE) {
                state |= DsFlags.PROBING;
            }
        }
        return update(d, state);
    }
}
