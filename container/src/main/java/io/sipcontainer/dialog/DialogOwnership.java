package io.sipcontainer.dialog;

import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.service.DialogService;

/**
 * Which node's dialog is which: this node's own table and the view of the other nodes' confirmed
 * dialogs ({@link ClusterDialogs}) read as one, for listings, look-ups and profiles; and the
 * moves of a dialog between nodes (taken over to act on it, adopted from a node that left, let go
 * to the node that took it). A node alone has no view and nothing moves.
 */
final class DialogOwnership {
    private final DialogTable table;
    private final DialogProfiles profiles;
    private final DialogStats stats;
    private final DialogStore store;
    private final ClusterDialogs cluster;

    DialogOwnership(DialogTable table, DialogProfiles profiles, DialogStats stats, DialogStore store,
            DialogSettings settings, io.sipcontainer.cluster.SharedState shared) {
        this.table = table;
        this.profiles = profiles;
        this.stats = stats;
        this.store = store;
        this.cluster = new ClusterDialogs(shared, table, settings, new ClusterDialogs.Local() {
            @Override
            public DialogImpl find(String callId, String callerTag) {
                return table.find(callId, callerTag, null);
            }

            @Override
            public void released(DialogImpl d) {
                DialogOwnership.this.released(d);
            }

            @Override
            public java.util.Collection<DialogImpl> all() {
                return table.all();
            }

            @Override
            public void viewVariablesChanged(DialogImpl view) {
                DialogOwnership.this.viewVariablesChanged(view);
            }
        });
    }

    ClusterDialogs cluster() {
        return cluster;
    }

    /** Starts following the dialog's variables: each change is stored and shared. */
    void follow(DialogImpl d) {
        d.onVariableChange(this::variableChanged);
    }

    private void variableChanged(DialogImpl d) {
        store.changed(d);
        cluster.publish(d);
    }

    /** This node's dialog, or another node's seen here: the dialogs of the cluster. */
    DialogImpl findAny(String callId, String fromTag) {
        DialogImpl d = table.find(callId, fromTag, null);
        return d != null ? d : cluster.find(callId, fromTag, null);
    }

    DialogImpl findAny(long entry, long id) {
        DialogImpl d = table.find(entry, id);
        return d != null ? d : cluster.find(entry, id);
    }

    /**
     * The dialog of an in-dialog request that found none in this node's table, taken over from
     * the node that owns it (the request moves it here). With {@code readOnMiss}, one the view does
     * not show yet is read from the shared map: the entry event of a dialog confirmed on another
     * node a moment ago may still be on its way. Null when no node has it.
     */
    DialogImpl forRequest(String callId, String fromTag, String toTag, boolean readOnMiss, boolean ending) {
        DialogImpl view = cluster.find(callId, fromTag, toTag);
        if (view != null) {
            return owned(view, ending);
        }
        DialogCopy taken = readOnMiss ? cluster.takeOverUnseen(callId, fromTag, toTag, ending) : null;
        return taken == null ? null : adopt(taken);
    }

    /** Every dialog of the cluster, ordered by hash entry and id. */
    List<DialogImpl> all() {
        List<DialogImpl> list = table.sorted();
        if (!cluster.active()) {
            return list;
        }
        list = new ArrayList<>(list);
        list.addAll(cluster.views());
        list.sort((a, b) -> a.hashEntry() != b.hashEntry() ? Long.compare(a.hashEntry(), b.hashEntry())
                : Long.compare(a.hashId(), b.hashId()));
        return list;
    }

    /** The members of a profile on every node. */
    List<DialogImpl> profileMembers(String profile, String value) {
        List<DialogImpl> list = new ArrayList<>(profiles.members(profile, value));
        list.addAll(cluster.profileMembers(profile, value));
        return list;
    }

    /**
     * An application set a variable on another node's dialog: as for any act on another node's
     * dialog, this node takes it over, and the variables the view now has are its own, stored and
     * shared (lost only if the dialog ended meanwhile or a third node took it first).
     */
    private void viewVariablesChanged(DialogImpl view) {
        DialogImpl mine = owned(view);
        if (mine != null && mine != view) {
            mine.replaceVariables(view.variables());
            variableChanged(mine);
        }
    }

    /** Dialogs in a profile on every node of the cluster. */
    long profileSize(String profile, String value) {
        return profiles.size(profile, value) + cluster.profileSize(profile, value);
    }

    /** Confirmed dialogs other nodes own (for the cluster-wide statistics). */
    int othersConfirmed() {
        return cluster.confirmedViews();
    }

    /**
     * The dialog as this node's own: itself when it is, else another node's taken over (null when
     * it ended meanwhile or another node took it first).
     */
    DialogImpl owned(DialogImpl d) {
        return owned(d, false);
    }

    /** As {@link #owned(DialogImpl)}; {@code ending}: see {@link ClusterDialogs#takeOver(String, boolean)}. */
    DialogImpl owned(DialogImpl d, boolean ending) {
        if (!cluster.isView(d)) {
            return d;
        }
        DialogCopy taken = cluster.takeOver(d, ending);
        return taken == null ? table.find(d.callId(), d.callerTag(), null) : adopt(taken);
    }

    /** Takes over the dialogs of nodes that left the cluster (the timer, each tick). */
    int adoptOrphans() {
        int n = 0;
        for (String key : cluster.orphans()) {
            DialogCopy taken = cluster.takeOver(key);
            if (taken != null) {
                adopt(taken).orphan = true;
                n++;
            }
        }
        return n;
    }

    private DialogImpl adopt(DialogCopy copy) {
        DialogImpl d = copy.toDialog(profiles);
        d.sharedDeadline = copy.deadlineMillis();
        d.adopted = true;
        DialogImpl added = table.add(d);
        if (added != d) {
            profiles.removeAll(d);
            return added;
        }
        follow(d);
        if (ClusterDialogs.confirmed(d)) {
            stats.active.increment();
            store.changed(d); // a dialog's row lives in its owner's database (dialog.db_mode)
        } else if (d.state() == DialogService.EARLY) {
            stats.early.increment(); // shared early (cluster.replicate_early_dialogs): counted where it is
        }
        return d;
    }

    /** Another node owns this dialog now, or ended it: it leaves this node quietly. */
    private void released(DialogImpl d) {
        table.remove(d);
        profiles.removeAll(d);
        if (ClusterDialogs.confirmed(d)) {
            stats.active.decrement();
            store.removed(d); // its new owner's database keeps it now
        } else if (d.state() == DialogService.EARLY) {
            stats.early.decrement();
        }
    }
}
