package io.sipcontainer.dispatcher;

/**
 * The flag bits of a destination as Kamailio numbers them in the list file and keeps them at run
 * time (1 inactive, 2 trying, 4 disabled, 8 probing, 16 no DNS, 32 no ping), and the two-letter
 * state {@code dispatcher.list} prints: A/I/T/D, then P (probing), N (no ping) or X.
 */
final class DsFlags {
    static final int INACTIVE = 1;
    static final int TRYING = 2;
    static final int DISABLED = 4;
    static final int PROBING = 8;
    static final int NO_DNS = 16;
    static final int NO_PING = 32;
    /** The bits a state change replaces. */
    static final int STATES = INACTIVE | TRYING | DISABLED | PROBING;

    private DsFlags() {
    }

    /** Whether selection skips the destination (inactive or disabled). */
    static boolean skip(int flags) {
        return (flags & (INACTIVE | DISABLED)) != 0;
    }

    /** The FLAGS text of {@code dispatcher.list}, e.g. "AP", "IX". */
    static String text(int flags) {
        char state;
        if ((flags & INACTIVE) != 0) {
            state = 'I';
        } else if ((flags & DISABLED) != 0) {
            state = 'D';
        } else if ((flags & TRYING) != 0) {
            state = 'T';
        } else {
            state = 'A';
        }
        char probing = (flags & PROBING) != 0 ? 'P' : (flags & NO_PING) != 0 ? 'N' : 'X';
        return new String(new char[] {state, probing});
    }

    /**
     * A state as {@code dispatcher.set_state} and {@code ds_mark_dst} take it: a/1 active, i/0
     * inactive, t/3 trying, d/2 disabled, then p for probing (not with d); -1 when unknown.
     */
    static int parseState(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        boolean probing = s.length() > 1 && (s.charAt(1) == 'p' || s.charAt(1) == 'P');
        switch (s.charAt(0)) {
            case '0', 'i', 'I':
                return INACTIVE | (probing ? PROBING : 0);
            case '1', 'a', 'A':
                return probing ? PROBING : 0;
            case '2', 'd', 'D':
                return DISABLED;
            case '3', 't', 'T':
                return TRYING | (probing ? PROBING : 0);
            default:
                return -1;
        }
    }
}
