package io.sipcontainer.dialog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import io.sipcontainer.service.DialogListener;
import io.sipcontainer.service.DialogService;

/**
 * The changes of a dialog that are counted, stored, shared and announced once each: started (the
 * 2xx), failed (state 1 or 2 left for 5), ended by an endpoint's BYE, or ended by this module
 * itself (a timeout, an operator, an application, with or without its own BYEs). A call this
 * module ends also ends the application session that asked for its tracking ({@link
 * CallSessions}), since no application sees the module's BYEs. Shared by the message path, the
 * timer and the {@code dlg.*} commands.
 */
final class DialogTransitions {
    private final DialogSettings settings;
    private final DialogTable table;
    private final DialogProfiles profiles;
    private final DialogStats stats;
    private final DialogStore store;
    private final LegSender sender;
    private final LongSupplier clock;
    private final ClusterDialogs cluster;
    private final CallSessions sessions;
    private final List<DialogListener> listeners = new CopyOnWriteArrayList<>();

    DialogTransitions(DialogSettings settings, DialogTable table, DialogProfiles profiles, DialogStats stats,
            DialogStore store, LegSender sender, LongSupplier clock, ClusterDialogs cluster, CallSessions sessions) {
        this.settings = settings;
        this.table = table;
        this.profiles = profiles;
        this.stats = stats;
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.cluster = cluster;
        this.sessions = sessions;
    }

    List<DialogListener> listeners() {
        return listeners;
    }

    /** The 2xx moved the dialog from {@code was} (1 or 2) to 3. */
    void started(DialogImpl d, int was) {
        if (was == DialogService.EARLY) {
            stats.early.decrement();
        }
        stats.active.increment();
        store.changed(d);
        cluster.publishNow(d); // before the 2xx goes on: its ACK or BYE may reach another node at once
        for (DialogListener l : listeners) {
            l.started(d);
        }
    }

    /** A provisional with a To tag moved the dialog from 1 to 2. */
    void early(DialogImpl d) {
        stats.early.increment();
        cluster.publishEarly(d); // only with cluster.replicate_early_dialogs
    }

    /** A failure (state 1 or 2 left for 5): counted, announced, forgotten. */
    void fail(DialogImpl d, int was) {
        if (was == 0) {
            return;
        }
        if (cluster.sharesEarly()) {
            cluster.ended(d, clock.getAsLong());
        }
        if (was == DialogService.EARLY) {
            stats.early.decrement();
        }
        stats.failed.increment();
        for (DialogListener l : listeners) {
            l.failed(d);
        }
        drop(d);
    }

    /** A confirmed dialog ends (3 or 4 to 5); false when it was not confirmed. */
    boolean end(DialogImpl d, long now) {
        if (d.ended(now, settings.endTimeout() * 1000L) == 0) {
            return false;
        }
        stats.active.decrement();
        store.removed(d);
        cluster.ended(d, now);
        for (DialogListener l : listeners) {
            l.ended(d);
        }
        return true;
    }

    /**
     * Ends a confirmed dialog with a BYE to each side; listed until both are answered. The state
     * changes first, so of two threads ending one dialog (an operator and the timer) only one sends.
     */
    boolean endWithBye(DialogImpl d) {
        if (!end(d, clock.getAsLong())) {
            return false;
        }
        endSession(d);
        d.byeSent(); // both counted before either is sent: an answer may come back at once
        d.byeSent();
        if (!sender.send(d, "BYE", true, s -> byeAnswered(d))) {
            byeAnswered(d);
        }
        if (!sender.send(d, "BYE", false, s -> byeAnswered(d))) {
            byeAnswered(d);
        }
        return true;
    }

    /** Ends a confirmed dialog that timed out without {@code send_bye}: no BYE, forgotten at once. */
    boolean endQuietly(DialogImpl d, long now) {
        if (!end(d, now)) {
            return false;
        }
        endSession(d);
        drop(d);
        return true;
    }

    /** Ends the application session that asked for the tracking of {@code d}, wherever it is. */
    void endSession(DialogImpl d) {
        sessions.end(d.applicationSession);
    }

    private void byeAnswered(DialogImpl d) {
        if (d.byeAnswered()) {
            drop(d);
        }
    }

    /** Removes a dialog from the table and its profiles. */
    void drop(DialogImpl d) {
        table.remove(d);
        profiles.removeAll(d);
    }
}
