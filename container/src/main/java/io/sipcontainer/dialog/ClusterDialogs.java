package io.sipcontainer.dialog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.cluster.SharedState;
import io.sipcontainer.service.DialogService;

/**
 * The dialog module's share of the cluster. Each confirmed dialog is owned by one node, the one
 * that tracked it (its timer runs it); a {@link DialogCopy} of it sits in the shared map
 * {@code dlg.dialogs}, written at the transaction boundaries (the 2xx, the ACK, an end) and when
 * an application changes its variables or profiles, never per message. Every node keeps a view
 * of the other nodes' dialogs, fed by the map's entry events, so {@code dlg.list} and profile
 * sizes are answered from memory.
 *
 * <p>A node that must act on a dialog it does not own (a BYE that reached it, {@code dlg.end_dlg},
 * the dialog of a node that died) first takes it over: an atomic replace of the owner in the
 * shared map, so exactly one node wins; the old owner hears of it and lets its copy go. A node
 * whose owner has left is taken over by the member owning its map partition, on its next timer
 * tick; its timeout then fires there, once.
 *
 * <p>As with the location table, a node alone shares nothing: all of this starts when it first
 * has company, and its confirmed dialogs are then written to the map. A dialog's first write (its
 * 2xx) is made before the 2xx goes on, so the next request finds it on any node; later writes leave
 * the message path: one thread of their own ({@code dialog-cluster}) makes them in the order asked,
 * each only while this node still owns the dialog, so a late write never takes back a dialog
 * another node took over. A node killed before its write was made loses that change, as with
 * sessions.
 */
final class ClusterDialogs {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDialogs.class);
    static final String MAP = "dlg.dialogs";
    /** Each node's number in the high bits of its h_id, so no two nodes give one pair. */
    static final String SLOTS = "dlg.id-slots";
    /**
     * Dialogs of nodes that left, ended by the node that took them over, each kept until its old
     * deadline: the old owner, back with its database (dialog.db_mode), must not restore them.
     */
    static final String ENDED_ORPHANS = "dlg.ended-orphans";
    /** How much longer than its deadline an ended orphan is remembered (clocks of nodes differ). */
    private static final long ORPHAN_MARGIN_MS = 60_000;

    /** What the tracker lets the cluster see and do of its own dialogs. */
    interface Local {
        /** This node's dialog of that Call-ID and caller tag, or null. */
        DialogImpl find(String callId, String callerTag);

        /** Another node took this dialog over, or ended it: forget it here without an event. */
        void released(DialogImpl dialog);

        /** This node's confirmed dialogs (written to the map at the first company). */
        Collection<DialogImpl> all();

        /** An application set a variable on a view of another node's dialog. */
        void viewVariablesChanged(DialogImpl view);
    }

    private final SharedState state;
    private final DialogTable table;
    private final Local local;
    private final DialogViews views;
    /** Early dialogs (states 1 and 2) are shared too ({@code cluster.replicate_early_dialogs}). */
    private final boolean early;
    private volatile ConcurrentMap<String, DialogCopy> map;
    private volatile ConcurrentMap<String, Boolean> endedOrphans;
    private volatile ClusterWriter writer;

    ClusterDialogs(SharedState state, DialogTable table, DialogSettings settings, Local local) {
        this.state = state;
        this.table = table;
        this.local = local;
        this.views = new DialogViews(settings);
        this.early = settings.shareEarly();
    }

    /**
     * Shares from the first company on (never, on a node that stays alone). A node that joined a
     * cluster as it started shares before it starts serving: done on its own thread, a BYE that
     * reached it within the first milliseconds did not find the dialog another node had written.
     */
    void start() {
        if (state == null || !state.clustered()) {
            return;
        }
        if (state.hasHadCompany()) {
            share();
        } else {
            state.whenShared(this::share);
        }
    }

    private void share() {
        table.slot(slot(state.map(SLOTS)));
        ConcurrentMap<String, DialogCopy> shared = state.map(MAP);
        writer = new ClusterWriter();
        state.listen(shared, this::changed);
        for (DialogCopy c : shared.values()) {
            if (!mine(c)) {
                view(c.key(), c);
            }
        }
        ConcurrentMap<String, Boolean> ended = state.map(ENDED_ORPHANS);
        endedOrphans = ended;
        map = shared;
        int n = 0;
        for (DialogImpl d : local.all()) {
            if (!shared(d)) {
                continue;
            }
            String key = DialogCopy.key(d.callId(), d.callerTag());
            DialogCopy there = shared.get(key);
            if (there != null && !mine(there) || there == null && ended.containsKey(key)) {
                local.released(d); // restored from this node's database, owned by another node since, or ended there
                continue;
            }
            Runnable first = writing(d, true);
            if (first != null) {
                write(first);
            }
            n++;
        }
        LOG.info("dialog: shared with the cluster, {} dialog(s) of this node written, {} of others seen", n,
                views.size());
    }

    /**
     * A number no live node has: a free one, else (after {@link DialogTable#MAX_SLOT} node starts in
     * the cluster's life) one of a node that left; 0 (plain counts) if none.
     */
    private int slot(ConcurrentMap<Integer, String> slots) {
        String me = state.localMember();
        for (int slot = 1; slot <= DialogTable.MAX_SLOT; slot++) {
            if (slots.putIfAbsent(slot, me) == null) {
                return slot;
            }
        }
        for (int slot = 1; slot <= DialogTable.MAX_SLOT; slot++) {
            String owner = slots.get(slot);
            if (owner != null && !state.isLive(owner) && slots.replace(slot, owner, me)) {
                return slot;
            }
        }
        LOG.warn("dialog: no free h_id slot in the cluster: this node's h_id values may repeat another's");
        return 0;
    }

    boolean active() {
        return map != null;
    }

    // --- this node's dialogs ---------------------------------------------------------------------------

    /** True when early dialogs are shared too. */
    boolean sharesEarly() {
        return early;
    }

    /** True for a dialog in a state the cluster shares. */
    private boolean shared(DialogImpl d) {
        int s = d.state();
        return confirmed(d) || early && (s == DialogService.UNCONFIRMED || s == DialogService.EARLY);
    }

    /** An early dialog's first write (its first provisional with a To tag), off the message path. */
    void publishEarly(DialogImpl d) {
        Runnable task = early ? writing(d, true) : null;
        if (task != null) {
            write(task);
        }
    }

    /** Writes a shared dialog of this node (acknowledged, changed by an application), off the message path. */
    void publish(DialogImpl d) {
        Runnable task = writing(d, false);
        if (task != null) {
            write(task);
        }
    }

    /**
     * Writes a dialog just confirmed (its 2xx) before the 2xx goes on: the ACK or BYE that follows
     * may reach another node within a millisecond, which then finds the dialog in the map (one
     * round trip per answered call, on the owning node, once it has company; later writes of the
     * dialog leave the message path).
     */
    void publishNow(DialogImpl d) {
        Runnable task = writing(d, true);
        if (task == null) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("dialog: cannot write to the cluster: {}", e.toString());
        }
    }

    /**
     * The write of {@code d} as it is now, made only while this node still owns it; null for none.
     * Only the first write ({@code create}) may add the entry: a later one finding none finds a
     * dialog another node took over and ended meanwhile, which it must not bring back.
     */
    private Runnable writing(DialogImpl d, boolean create) {
        ConcurrentMap<String, DialogCopy> m = map;
        if (m == null || !shared(d)) {
            return null;
        }
        d.sharedDeadline = d.deadlineMillis();
        String key = DialogCopy.key(d.callId(), d.callerTag());
        DialogCopy copy = DialogCopy.of(d, state.localMember());
        return () -> {
            if (local.find(d.callId(), d.callerTag()) != d) {
                return; // let go meanwhile (another node took it over) or ended
            }
            for (int tries = 0; tries < 10; tries++) { // another write of ours in between: read again
                DialogCopy current = m.get(key);
                if (current == null ? !create : !mine(current)) {
                    return; // another node took it over meanwhile (and may have ended it)
                }
                if (current == null ? m.putIfAbsent(key, copy) == null : m.replace(key, current, copy)) {
                    return;
                }
            }
        };
    }

    private void write(Runnable task) {
        writer.write(task);
    }

    /** The node stops: the writes asked for are made first (a graceful stop loses none). */
    void close() {
        ClusterWriter w = writer;
        if (w != null) {
            w.close();
        }
    }

    /** An in-dialog request moved the deadline: written only once it moved a tenth of its lifetime. */
    void refresh(DialogImpl d) {
        if (map != null && d.deadlineMillis() - d.sharedDeadline >= Math.max(1000, d.lifetimeSeconds() * 100)) {
            publish(d);
        }
    }

    /** A dialog of this node ended. */
    void ended(DialogImpl d, long now) {
        ConcurrentMap<String, DialogCopy> m = map;
        if (m == null) {
            return;
        }
        String key = DialogCopy.key(d.callId(), d.callerTag());
        long remembered = d.sharedDeadline - now + ORPHAN_MARGIN_MS;
        Runnable removal = () -> {
            DialogCopy current = m.get(key);
            if (current != null && mine(current)) {
                m.remove(key, current);
                if (d.orphan && remembered > 0) {
                    state.putForAWhile(endedOrphans, key, Boolean.TRUE, java.time.Duration.ofMillis(remembered));
                }
            }
        };
        if (d.adopted) {
            // taken over a moment ago (a BYE that reached this node): until the entry is gone, the
            // node that owned it could take it back for the ACK it is handling, and the end is lost
            removal.run();
        } else {
            write(removal);
        }
    }

    // --- other nodes' dialogs ----------------------------------------------------------------------------

    DialogImpl find(String callId, String tagA, String tagB) {
        return map == null ? null : views.find(callId, tagA, tagB);
    }

    DialogImpl find(long entry, long id) {
        return map == null ? null : views.find(entry, id);
    }

    /** True when {@code d} is a view of another node's dialog (not this node's own). */
    boolean isView(DialogImpl d) {
        return views.isView(d);
    }

    Collection<DialogImpl> views() {
        return views.all();
    }

    /** Confirmed dialogs of other nodes (early ones are seen too with {@link #sharesEarly}). */
    int confirmedViews() {
        return early ? views.confirmed() : views.size();
    }

    long profileSize(String profile, String value) {
        return map == null ? 0 : views.profileSize(profile, value);
    }

    List<DialogImpl> profileMembers(String profile, String value) {
        return map == null ? List.of() : views.profileMembers(profile, value);
    }

    /**
     * Makes this node the owner of another node's dialog; the copy taken, or null when the dialog
     * ended meanwhile or another node took it first (a rewrite by its owner is read again).
     */
    DialogCopy takeOver(String key) {
        return takeOver(key, false);
    }

    /**
     * As {@link #takeOver(String)}; {@code ending} (a BYE) removes the entry in the same atomic step
     * instead of rewriting its owner, so no other node can take the dialog back for a request of its
     * own (the ACK it is handling) before this node has ended it.
     */
    DialogCopy takeOver(String key, boolean ending) {
        ConcurrentMap<String, DialogCopy> m = map;
        if (m == null) {
            return null;
        }
        String from = null;
        for (int tries = 0; tries < 10; tries++) {
            DialogCopy current = m.get(key);
            if (current == null || mine(current) || from != null && !from.equals(current.owner())) {
                return null;
            }
            from = current.owner();
            DialogCopy taken = current.ownedBy(state.localMember());
            if (ending ? m.remove(key, current) : m.replace(key, current, taken)) {
                unview(key);
                return taken;
            }
            // changed meanwhile: its owner wrote it again (an ACK: try again), or another node took it
        }
        return null;
    }

    DialogCopy takeOver(DialogImpl view, boolean ending) {
        return takeOver(DialogCopy.key(view.callId(), view.callerTag()), ending);
    }

    /**
     * Takes over another node's dialog that this node's view does not show, read from the shared
     * map itself (the caller's tag is either of the request's tags): the entry event of a dialog
     * confirmed elsewhere a moment ago may still be on its way when its next request arrives here.
     * A few round trips, made only by a request that found no dialog here; null when none is shared.
     */
    DialogCopy takeOverUnseen(String callId, String tagA, String tagB, boolean ending) {
        if (map == null) {
            return null;
        }
        DialogCopy taken = takeOver(DialogCopy.key(callId, tagA), ending);
        return taken != null || tagB == null ? taken : takeOver(DialogCopy.key(callId, tagB), ending);
    }

    /** The keys of dialogs whose owner left the cluster, in the partitions this node owns. */
    List<String> orphans() {
        ConcurrentMap<String, DialogCopy> m = map;
        if (m == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> liveChecked = new java.util.HashSet<>();
        Set<String> dead = new java.util.HashSet<>();
        views.forEachOwner((key, owner) -> {
            if (liveChecked.contains(owner)) {
                return;
            }
            if (dead.contains(owner) || !state.isLive(owner)) {
                dead.add(owner);
                out.add(key);
            } else {
                liveChecked.add(owner);
            }
        });
        if (out.isEmpty()) {
            return out;
        }
        Set<String> here = state.localKeys(m);
        out.removeIf(k -> !here.contains(k));
        return out;
    }

    private void changed(String key, DialogCopy old, DialogCopy now, boolean byThisNode) {
        if (now != null) {
            if (mine(now)) {
                unview(key);
                return;
            }
            // another node took over a dialog this node owned; an older event (the owner's write
            // of a dialog this node has since taken over unseen) must not take it away again
            DialogImpl mineHere = old != null && mine(old) ? local.find(now.callId(), now.caller().get(0)) : null;
            if (mineHere != null) {
                local.released(mineHere);
            }
            view(key, now);
        } else {
            unview(key);
            // removed by its owner elsewhere, or this node's own removed by another node taking it
            // over for a BYE (takeOver with ending)
            if (old != null && (!mine(old) || !byThisNode)) {
                DialogImpl mineHere = local.find(old.callId(), old.caller().get(0));
                if (mineHere != null) {
                    local.released(mineHere);
                }
            }
        }
    }

    private void view(String key, DialogCopy c) {
        views.show(key, c, local::viewVariablesChanged);
    }

    private void unview(String key) {
        views.hide(key);
    }

    private boolean mine(DialogCopy c) {
        return c.owner().equals(state.localMember());
    }

    static boolean confirmed(DialogImpl d) {
        int s = d.state();
        return s == DialogService.CONFIRMED || s == DialogService.CONFIRMED_NO_ACK;
    }
}
