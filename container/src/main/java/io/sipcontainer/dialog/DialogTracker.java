package io.sipcontainer.dialog;

import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * and the {@link DialogStore} ({@link DialogTransitions}). On the message path it only reads headers
 * and touches memory, but for a request of another node's dialog in a cluster ({@link
 * DialogOwnership}).
 */
final class DialogTracker implements DialogService {
    /**
     * In-dialog requests that read the shared map when no dialog is known here (in a cluster): those
     * that change a call's state or lifetime. Others (a NOTIFY of a subscription) cost no read.
     */
    private static final Set<String> READ_ON_MISS = Set.of("ACK", "BYE", "INVITE", "UPDATE");

    private final DialogSettings settings;
    private final DialogTable table;
    private final DialogProfiles profiles;
    private final DialogStats stats;
    private final DialogStore store;
    private final LegSender sender;
    private final LongSupplier clock;
    private final DialogOwnership ownership;
    private final DialogTransitions transitions;

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
        this(settings, table, stats, store, sender, clock, shared, CallSessions.NONE);
    }

    /** Ending through {@code sessions} the application sessions of the calls this module ends. */
    DialogTracker(DialogSettings settings, DialogTable table, DialogStats stats, DialogStore store, LegSender sender,
            LongSupplier clock, io.sipcontainer.cluster.SharedState shared, CallSessions sessions) {
        this.settings = settings;
        this.table = table;
        this.profiles = new DialogProfiles(settings.profilesNoValue(), settings.profilesWithValue());
        this.stats = stats;
        this.store = store;
        this.sender = sender;
        this.clock = clock;
        this.ownership = new DialogOwnership(table, profiles, stats, store, settings, shared);
        this.transitions = new DialogTransitions(settings, table, profiles, stats, store, sender, clock,
                ownership.cluster(), sessions);
    }

    /** Starts sharing confirmed dialogs when this node first has company (after {@link #restore}). */
    void share() {
        ownership.cluster().start();
    }

    /** Tracks again the dialogs the store kept (start-up, db_mode 1-3). */
    int restore() {
        int n = 0;
        for (DialogImpl d : store.load()) {
            if (table.add(d) == d) {
                ownership.follow(d);
                stats.active.increment();
                n++;
            }
        }
        return n;
    }

    /** The server stops: the store writes what it still owes (db_mode 2 and 3). */
    void close() {
        ownership.cluster().close();
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
        d.applicationSession = Messages.applicationSessionId(invite);
        DialogImpl added = table.add(d);
        if (added == d) {
            ownership.follow(d);
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
            transitions.drop(d); // the end of the BYE transaction
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
                transitions.early(d);
            }
        } else if (status < 300) {
            DialogLeg callee = new DialogLeg(toTag == null ? "" : toTag, Messages.contact(response),
                    "0", Messages.calleeRouteSet(response), Messages.socket(response));
            int was = d.answered(callee, now, settings.noackTimeout() * 1000L);
            if (was != 0) {
                transitions.started(d, was);
            }
        } else {
            transitions.fail(d, d.failed(now));
        }
    }

    @Override
    public void onRequest(SipServletRequest request) {
        String method = request.getMethod();
        String callId = Messages.callId(request);
        String fromTag = Messages.fromTag(request);
        String toTag = Messages.toTag(request);
        DialogImpl d = table.find(callId, fromTag, toTag);
        if (d == null && (d = ownership.forRequest(callId, fromTag, toTag, READ_ON_MISS.contains(method),
                "BYE".equals(method))) == null) {
            return;
        }
        long now = clock.getAsLong();
        switch (method) {
            case "CANCEL" -> transitions.fail(d, d.failed(now));
            case "ACK" -> {
                if (d.acked(now, d.lifetimeMillis(settings.defaultTimeout() * 1000L)) != 0) {
                    store.changed(d);
                    ownership.cluster().publish(d);
                }
            }
            case "BYE" -> {
                if (transitions.end(d, now)) {
                    transitions.drop(d); // ended by an endpoint: nothing of ours to wait for
                    if (Messages.sessionless(request)) {
                        transitions.endSession(d); // routed without its session: the proxy's may live elsewhere
                    }
                }
            }
            default -> {
                d.inDialog(d.callerTag().equals(fromTag), Long.toString(Messages.cseq(request)), now,
                        d.lifetimeMillis(settings.defaultTimeout() * 1000L), !settings.timeoutNoreset());
                if (settings.dbMode() == 1) {
                    store.changed(d);
                }
                ownership.cluster().refresh(d);
            }
        }
    }

    // --- for the timer and the dlg.* commands ----------------------------------------------------------

    DialogTransitions transitions() {
        return transitions;
    }

    DialogOwnership ownership() {
        return ownership;
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
        return Optional.ofNullable(ownership.findAny(callId, fromTag));
    }

    @Override
    public Optional<Dialog> find(long hashEntry, long hashId) {
        return Optional.ofNullable(ownership.findAny(hashEntry, hashId));
    }

    @Override
    public List<Dialog> list() {
        return List.copyOf(ownership.all());
    }

    @Override
    public boolean end(Dialog dialog) {
        if (!(dialog instanceof DialogImpl d)) {
            return false;
        }
        DialogImpl mine = ownership.owned(d);
        return mine != null && transitions.endWithBye(mine);
    }

    @Override
    public void keepalive(Dialog dialog, boolean caller, boolean callee) {
        ((DialogImpl) dialog).keepalive(caller, callee, clock.getAsLong() + settings.kaInterval() * 1000L);
    }

    @Override
    public void setProfile(Dialog dialog, String profile, String value) {
        DialogImpl d = ownership.owned((DialogImpl) dialog);
        if (d != null) {
            profiles.add(d, profile, value);
            ownership.cluster().publish(d);
        }
    }

    @Override
    public boolean unsetProfile(Dialog dialog, String profile, String value) {
        DialogImpl d = ownership.owned((DialogImpl) dialog);
        boolean removed = d != null && profiles.remove(d, profile, value);
        if (removed) {
            ownership.cluster().publish(d);
        }
        return removed;
    }

    /** Dialogs in a profile on every node of the cluster. */
    @Override
    public long profileSize(String profile, String value) {
        return ownership.profileSize(profile, value);
    }

    @Override
    public void addListener(DialogListener listener) {
        transitions.listeners().add(listener);
    }

    @Override
    public void removeListener(DialogListener listener) {
        transitions.listeners().remove(listener);
    }
}
