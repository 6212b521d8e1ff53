package io.sipcontainer.dialog;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.DialogLeg;
import io.sipcontainer.service.DialogListener;
import io.sipcontainer.service.DialogService;

/**
 * The {@link DialogService}: Kamailio's {@code dlg_manage()} and the tm callbacks behind it.
 * The proxy application gives it an initial INVITE, the responses it relays and the in-dialog
 * requests; each moves a {@link DialogImpl} and, once per change, the statistics, the listeners
 * and the {@link DialogStore}. On the message path it only reads headers and touches memory.
 */
final class DialogTracker implements DialogService {
    private final DialogSettings settings;
    private final DialogTable table;
    private final DialogProfiles profiles;
    private final DialogStats stats;
    private final DialogStore store;
    private final LegSender sender;
    private final LongSupplier clock;
    private final List<DialogListener> listeners = new CopyOnWriteArrayList<>();
    private final ClusterDialogs cluster;

    DialogTracker(DialogSettings settings, DialogStats stats, DialogStore store, LegSender sender, LongSupplier clock) {
        this(settings, new DialogTable(settings.hashSize()), stats, store, sender, clock);
    }

    /** With a table the store also reads (db_mode 2 and 3 write what it holds). */
    DialogTracker(DialogSettings settings, DialogTable table, DialogStats stats, DialogStore store, LegSender sender,
            LongSupplier clock) {
        this(settings, table, stats, store, sender, clock, null);
    }

    /** Sharing confirmed dialogs with the other nodes of {@code shared} (null or a node alone: none). */
    DialogTracker(DialogSettings settings, DialogTable table, DialogStats stats, DialogStore store, LegSender sender,
            LongSupplier clock, io.sipcontainer.cluster.SharedState shared) {
        this.settings = settings;
        this.table = table;
        this.profiles = new DialogProfiles(settings.profilesNoValue(), settings.profilesWithValue());
        this.stats = stats;
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.cluster = new ClusterDialogs(shared, table, settings, new ClusterDialogs.Local() {
            @Override
            public DialogImpl find(String callId, String callerTag) {
                return table.find(callId, callerTag, null);
            }

            @Override
            public void released(DialogImpl d) {
                DialogTracker.this.released(d);
            }

            @Override
            public java.util.Collection<DialogImpl> all() {
                return table.all();
            }
        });
    }

    /** Starts sharing confirmed dialogs when this node first has company (after {@link #restore}). */
    void share() {
        cluster.start();
    }

    /** Tracks again the dialogs the store kept (start-up, db_mode 1-3). */
    int restore() {
        int n = 0;
        for (DialogImpl d : store.load()) {
            if (table.add(d) == d) {
                d.onVariableChange(this::variableChanged);
                stats.active.increment();
                n++;
            }
        }
        return n;
    }

    /** The server stops: the store writes what it still owes (db_mode 2 and 3). */
    void close() {
        cluster.close();
        store.close(table.all());
    }

    // --- the message path --------------------------------------------------------------------------

    @Override
    public Dialog manage(SipServletRequest invite) {
        if (!"INVITE".equals(invite.getMethod()) || !invite.isInitial() || Messages.toTag(invite) != null) {
            return null;
        }
        String callId = Messages.callId(invite);
        String fromTag = Messages.fromTag(invite);
        if (callId == null || fromTag == null) {
            return null;
        }
        DialogImpl known = table.find(callId, fromTag, null);
        if (known != null) {
            return known; // a spiral (detect_spirals = 1)
        }
        int entry = table.entryOf(callId);
        long now = clock.getAsLong();
        long cseq = Messages.cseq(invite);
        DialogLeg caller = new DialogLeg(fromTag, Messages.contact(invite), Long.toString(cseq),
                Messages.recordRoutes(invite),
                Messages.socket(invite));
        DialogImpl d = new DialogImpl(entry, table.nextIdOf(entry), callId, invite.getFrom().getURI().toString(),
                invite.getTo().getURI().toString(), invite.getRequestURI().toString(), cseq,
                caller, now, now + settings.earlyTimeout() * 1000L);
        DialogImpl added = table.add(d);
        if (added == d) {
            d.onVariableChange(this::variableChanged);
            stats.processed.increment();
        }
        return added;
    }

    @Override
    public void onResponse(SipServletResponse response) {
        int status = response.getStatus();
        if (status == 100) {
            return;
        }
        DialogImpl d = table.find(Messages.callId(response), Messages.fromTag(response), Messages.toTag(response));
        if (d == null) {
            return;
        }
        String method = response.getMethod();
        if ("INVITE".equals(method) && Messages.cseq(response) == d.inviteCseq()) {
            inviteResponse(d, response, status);
            if (status >= 200 && status < 300) {
                sessionInterval(d, response);
            }
        } else if (("INVITE".equals(method) || "UPDATE".equals(method)) && status >= 200 && status < 300) {
            sessionInterval(d, response); // a session refresh
        } else if ("BYE".equals(method) && status >= 200 && d.state() == DELETED) {
            drop(d); // the end of the BYE transaction
        }
    }

    /** RFC 4028 (Kamailio's sst): the dialog lives its session interval from each 2xx that sets one. */
    private void sessionInterval(DialogImpl d, SipServletResponse response) {
        d.sessionInterval(Messages.sessionExpires(response), clock.getAsLong(), settings.defaultTimeout() * 1000L);
    }

    private void inviteResponse(DialogImpl d, SipServletResponse response, int status) {
        long now = clock.getAsLong();
        String toTag = Messages.toTag(response);
        if (status < 200) {
            if (toTag != null && d.early(toTag, Messages.contact(response)) == UNCONFIRMED) {
                stats.early.increment();
            }
        } else if (status < 300) {
            DialogLeg callee = new DialogLeg(toTag == null ? "" : toTag, Messages.contact(response),
                    "0", Messages.calleeRouteSet(response), Messages.socket(response));
            int was = d.answered(callee, now, settings.noackTimeout() * 1000L);
            if (was != 0) {
                if (was == EARLY) {
                    stats.early.decrement();
                }
                stats.active.increment();
                store.changed(d);
                cluster.publish(d);
                for (DialogListener l : listeners) {
                    l.started(d);
                }
            }
        } else {
            fail(d, d.failed(now));
        }
    }

    @Override
    public void onRequest(SipServletRequest request) {
        String method = request.getMethod();
        String fromTag = Messages.fromTag(request);
        DialogImpl d = table.find(Messages.callId(request), fromTag, Messages.toTag(request));
        if (d == null) {
            DialogImpl view = cluster.find(Messages.callId(request), fromTag, Messages.toTag(request));
            d = view == null ? null : owned(view);
            if (d == null) {
                return;
            }
        }
        long now = clock.getAsLong();
        switch (method) {
            case "CANCEL" -> fail(d, d.failed(now));
            case "ACK" -> {
                if (d.acked(now, d.lifetimeMillis(settings.defaultTimeout() * 1000L)) != 0) {
                    store.changed(d);
                    cluster.publish(d);
                }
            }
            case "BYE" -> {
                if (end(d, now)) {
                    drop(d); // ended by an endpoint: nothing of ours to wait for
                }
            }
            default -> {
                d.inDialog(d.callerTag().equals(fromTag), Long.toString(Messages.cseq(request)), now,
                        d.lifetimeMillis(settings.defaultTimeout() * 1000L), !settings.timeoutNoreset());
                if (settings.dbMode() == 1) {
                    store.changed(d);
                }
                cluster.refresh(d);
            }
        }
    }

    // --- transitions shared with the timer and operators ---------------------------------------------

    /** A failure (state 1 or 2 left for 5): counted, announced, forgotten. */
    void fail(DialogImpl d, int was) {
        if (was == 0) {
            return;
        }
        if (was == EARLY) {
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
        cluster.ended(d);
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

    private void byeAnswered(DialogImpl d) {
        if (d.byeAnswered()) {
            drop(d);
        }
    }

    // --- the cluster (ClusterDialogs) ------------------------------------------------------------------

    /** This node's dialog, or another node's seen here: the dialogs of the cluster. */
    DialogImpl findAny(String callId, String fromTag) {
        DialogImpl d = table.find(callId, fromTag, null);
        return d != null ? d : cluster.find(callId, fromTag, null);
    }

    DialogImpl findAny(long entry, long id) {
        DialogImpl d = table.find(entry, id);
        return d != null ? d : cluster.find(entry, id);
    }

    /** Every dialog of the cluster, ordered by hash entry and id. */
    List<DialogImpl> all() {
        List<DialogImpl> list = table.sorted();
        if (!cluster.active()) {
            return list;
        }
        list = new java.util.ArrayList<>(list);
        list.addAll(cluster.views());
        list.sort((a, b) -> a.hashEntry() != b.hashEntry() ? Long.compare(a.hashEntry(), b.hashEntry())
                : Long.compare(a.hashId(), b.hashId()));
        return list;
    }

    /** The members of a profile on every node. */
    List<DialogImpl> profileMembers(String profile, String value) {
        List<DialogImpl> list = new java.util.ArrayList<>(profiles.members(profile, value));
        list.addAll(cluster.profileMembers(profile, value));
        return list;
    }

    /** Confirmed dialogs other nodes own (for the cluster-wide statistics). */
    int othersConfirmed() {
        return cluster.views().size();
    }

    /**
     * The dialog as this node's own: itself when it is, else another node's taken over (null when
     * it ended meanwhile or another node took it first).
     */
    DialogImpl owned(DialogImpl d) {
        if (!cluster.isView(d)) {
            return d;
        }
        DialogCopy taken = cluster.takeOver(d);
        return taken == null ? table.find(d.callId(), d.callerTag(), null) : adopt(taken);
    }

    /** Takes over the dialogs of nodes that left the cluster (the timer, each tick). */
    int adoptOrphans() {
        int n = 0;
        for (String key : cluster.orphans()) {
            DialogCopy taken = cluster.takeOver(key);
            if (taken != null) {
                adopt(taken);
                n++;
            }
        }
        return n;
    }

    private DialogImpl adopt(DialogCopy copy) {
        DialogImpl d = copy.toDialog(profiles);
        d.sharedDeadline = copy.deadlineMillis();
        DialogImpl added = table.add(d);
        if (added != d) {
            profiles.removeAll(d);
            return added;
        }
        d.onVariableChange(this::variableChanged);
        if (ClusterDialogs.confirmed(d)) {
            stats.active.increment();
            store.changed(d); // a dialog's row lives in its owner's database (dialog.db_mode)
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
        }
    }

    private void variableChanged(DialogImpl d) {
        store.changed(d);
        cluster.publish(d);
    }

    /** Removes a dialog from the table and its profiles. */
    void drop(DialogImpl d) {
        table.remove(d);
        profiles.removeAll(d);
    }

    DialogTable table() {
        return table;
    }

    DialogProfiles profiles() {
        return profiles;
    }

    DialogStats stats() {
        return stats;
    }

    DialogSettings settings() {
        return settings;
    }

    LegSender sender() {
        return sender;
    }

    long now() {
        return clock.getAsLong();
    }

    // --- the rest of the service -----------------------------------------------------------------------

    @Override
    public Optional<Dialog> find(String callId, String fromTag) {
        return Optional.ofNullable(findAny(callId, fromTag));
    }

    @Override
    public Optional<Dialog> find(long hashEntry, long hashId) {
        return Optional.ofNullable(findAny(hashEntry, hashId));
    }

    @Override
    public List<Dialog> list() {
        return List.copyOf(all());
    }

    @Override
    public boolean end(Dialog dialog) {
        if (!(dialog instanceof DialogImpl d)) {
            return false;
        }
        DialogImpl mine = owned(d);
        return mine != null && endWithBye(mine);
    }

    @Override
    public void keepalive(Dialog dialog, boolean caller, boolean callee) {
        ((DialogImpl) dialog).keepalive(caller, callee, clock.getAsLong() + settings.kaInterval() * 1000L);
    }

    @Override
    public void setProfile(Dialog dialog, String profile, String value) {
        DialogImpl d = owned((DialogImpl) dialog);
        if (d != null) {
            profiles.add(d, profile, value);
            cluster.publish(d);
        }
    }

    @Override
    public boolean unsetProfile(Dialog dialog, String profile, String value) {
        DialogImpl d = owned((DialogImpl) dialog);
        boolean removed = d != null && profiles.remove(d, profile, value);
        if (removed) {
            cluster.publish(d);
        }
        return removed;
    }

    /** Dialogs in a profile on every node of the cluster. */
    @Override
    public long profileSize(String profile, String value) {
        return profiles.size(profile, value) + cluster.profileSize(profile, value);
    }

    @Override
    public void addListener(DialogListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(DialogListener listener) {
        listeners.remove(listener);
    }
}
