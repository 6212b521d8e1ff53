package io.sipcontainer.dialog;

import java.util.Collection;
import java.util.List;

/**
 * Where confirmed dialogs are kept across restarts ({@code db_mode}): told of each confirmed
 * dialog, each change and each end; never blocks the caller on I/O. States 1, 2 and 5 are never
 * stored, as in Kamailio.
 */
interface DialogStore {
    /** db_mode 0: nothing is kept. */
    DialogStore NONE = new DialogStore() {
    };

    /** The dialogs stored by the previous run, to track again. */
    default List<DialogImpl> load() {
        return List.of();
    }

    /** A dialog reached state 3 or changed (state, CSeq, variables, lifetime). */
    default void changed(DialogImpl dialog) {
    }

    /** A stored dialog ended. */
    default void removed(DialogImpl dialog) {
    }

    /** The server stops with these dialogs still up: write what is pending (db_mode 2 and 3). */
    default void close(Collection<DialogImpl> live) {
    }
}
