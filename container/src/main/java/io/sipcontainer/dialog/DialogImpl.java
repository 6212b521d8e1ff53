package io.sipcontainer.dialog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.Dialog;
import io.sipcontainer.service.DialogLeg;
import io.sipcontainer.service.DialogService;

/**
 * One tracked dialog and its state machine (Kamailio's {@code dlg_cell}). Each transition method
 * checks the state it starts from and returns the state it left, or 0 when it did not apply (a
 * late 2xx of another branch, a second BYE), so the tracker counts and announces each change
 * exactly once. Its monitor guards the fields: messages of one call arrive on their application
 * session's serial executor, the timer and RPC readers come from other threads. Times are epoch
 * milliseconds; Kamailio's listings show seconds.
 */
final class DialogImpl implements Dialog {
    /** One profile membership: the profile and its value (null for a profile without value). */
    record Membership(String profile, String value) {
    }

    private final long hashEntry;
    private final long hashId;
    private final String callId;
    private final String fromUri;
    private final String toUri;
    private final String requestUri;
    private final String callerTag;
    private final long inviteCseq;
    private long initMillis; // final but for copies from another node (set before anyone sees them)

    private int state;
    private long startMillis;
    private long endMillis;
    private long deadlineMillis;
    private long lifetimeSeconds;
    /** The RFC 4028 session interval the last 2xx to an INVITE or UPDATE gave, seconds; 0 for none. */
    private int sessionIntervalSeconds;
    private DialogLeg caller;
    private DialogLeg callee = DialogLeg.NONE;
    private Map<String, String> variables;
    private List<Membership> profiles;
    /** BYEs this server sent whose final answer is awaited; the dialog is dropped when none are left. */
    private int byesPending;
    private boolean kaCaller;
    private boolean kaCallee;
    private long nextKeepaliveMillis;
    private int kaFailures;
    /** Changed since the last write (db_mode 2). */
    private boolean dirty;
    /** Told when an application changes a variable, so the store writes it (db_mode 1). */
    private volatile java.util.function.Consumer<DialogImpl> variableChanged = d -> { };
    /**
     * The application session of the INVITE given to {@code manage()}, ended with the call when
     * this module ends it ({@link CallSessions}); null for a dialog read back from the database.
     */
    volatile String applicationSession;
    /**
     * Taken over from a node that left the cluster, whose database (dialog.db_mode) may still hold
     * its row: its end is remembered in the cluster for that node's return ({@link ClusterDialogs}).
     */
    volatile boolean orphan;
    /** Taken over from another node (by a request that reached this one, or as an orphan). */
    volatile boolean adopted;
    /** The deadline the cluster's copy has ({@link ClusterDialogs#refresh}). */
    volatile long sharedDeadline;
    /** The chain of dialogs sharing a Call-ID hash bucket, kept by {@link DialogTable}. */
    volatile DialogImpl nextSameCallId;

    DialogImpl(long hashEntry, long hashId, String callId, String fromUri, String toUri, String requestUri,
            long inviteCseq, DialogLeg caller, long initMillis, long earlyDeadline) {
        this.hashEntry = hashEntry;
        this.hashId = hashId;
        this.callId = callId;
        this.fromUri = fromUri;
        this.toUri = toUri;
        this.requestUri = requestUri;
        this.callerTag = caller.tag();
        this.inviteCseq = inviteCseq;
        this.caller = caller;
        this.initMillis = initMillis;
        this.state = DialogService.UNCONFIRMED;
        this.deadlineMillis = earlyDeadline;
    }

    /** A dialog read back from the database, in the state it was stored. */
    static DialogImpl restored(long hashEntry, long hashId, String callId, String fromUri, String toUri,
            String requestUri, DialogLeg caller, DialogLeg callee, int state, long startMillis,
            long deadlineMillis) {
        DialogImpl d = new DialogImpl(hashEntry, hashId, callId, fromUri, toUri, requestUri,
                number(caller.cseq()), caller, startMillis, deadlineMillis);
        d.callee = callee;
        d.state = state;
        d.startMillis = startMillis;
        d.lifetimeSeconds = Math.max(0, (deadlineMillis - startMillis) / 1000);
        return d;
    }

    /** The times a copy from another node carries besides those {@link #restored} sets. */
    synchronized void copied(long initMillis, long lifetimeSeconds) {
        this.initMillis = initMillis;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    // --- transitions -------------------------------------------------------------------------------

    /** A provisional with a To tag: 1 to 2. */
    synchronized int early(String toTag, String contact) {
        if (state != DialogService.UNCONFIRMED && state != DialogService.EARLY) {
            return 0;
        }
        callee = new DialogLeg(toTag, contact == null ? "" : contact, callee.cseq(), callee.routeSet(), callee.socket());
        int was = state;
        state = DialogService.EARLY;
        dirty = true;
        return was == DialogService.EARLY ? 0 : was;
    }

    /** The 2xx of the INVITE: 1 or 2 to 3, waiting noack_timeout for the ACK. */
    synchronized int answered(DialogLeg calleeLeg, long now, long noackMillis) {
        if (state != DialogService.UNCONFIRMED && state != DialogService.EARLY) {
            return 0;
        }
        int was = state;
        callee = calleeLeg;
        state = DialogService.CONFIRMED_NO_ACK;
        startMillis = now;
        deadlineMillis = now + noackMillis;
        dirty = true;
        return was;
    }

    /** A final answer of 300 or more, or the caller's CANCEL, before any 2xx: 1 or 2 to 5. */
    synchronized int failed(long now) {
        if (state != DialogService.UNCONFIRMED && state != DialogService.EARLY) {
            return 0;
        }
        int was = state;
        state = DialogService.DELETED;
        endMillis = now;
        return was;
    }

    /** The ACK of the 2xx: 3 to 4, and the dialog lives default_timeout from now. */
    synchronized int acked(long now, long lifetimeMillis) {
        if (state != DialogService.CONFIRMED_NO_ACK) {
            return 0;
        }
        state = DialogService.CONFIRMED;
        deadlineMillis = now + lifetimeMillis;
        lifetimeSeconds = lifetimeMillis / 1000;
        dirty = true;
        return DialogService.CONFIRMED_NO_ACK;
    }

    /**
     * A 2xx to an INVITE or UPDATE set the session interval (0: none, {@code defaultMillis}
     * applies): a confirmed dialog then lives that long from now, as Kamailio's sst module makes
     * its dialogs.
     */
    synchronized void sessionInterval(int seconds, long now, long defaultMillis) {
        boolean had = sessionIntervalSeconds > 0;
        sessionIntervalSeconds = Math.max(0, seconds);
        if ((seconds > 0 || had) && state == DialogService.CONFIRMED) { // a refresh, or timers turned off
            long lifetime = lifetimeMillis(defaultMillis);
            deadlineMillis = now + lifetime;
            lifetimeSeconds = lifetime / 1000;
            dirty = true;
        }
    }

    /** How long the dialog lives from a refresh: its session interval, else {@code defaultMillis}. */
    synchronized long lifetimeMillis(long defaultMillis) {
        return sessionIntervalSeconds > 0 ? sessionIntervalSeconds * 1000L : defaultMillis;
    }

    /** Another request within the dialog: its sender's CSeq, and (unless noreset) a new lifetime. */
    synchronized void inDialog(boolean fromCaller, String cseq, long now, long lifetimeMillis, boolean reset) {
        if (state != DialogService.CONFIRMED && state != DialogService.CONFIRMED_NO_ACK) {
            return;
        }
        if (fromCaller) {
            caller = withCseq(caller, cseq);
        } else {
            callee = withCseq(callee, cseq);
        }
        if (reset && state == DialogService.CONFIRMED) {
            deadlineMillis = now + lifetimeMillis;
            lifetimeSeconds = lifetimeMillis / 1000;
        }
        dirty = true;
    }

    /**
     * The dialog ends (a BYE, a timeout, an operator): 3 or 4 to 5, listed for {@code endMillis}
     * more (end_timeout) unless BYEs it sent are all answered before.
     */
    synchronized int ended(long now, long endTimeoutMillis) {
        if (state != DialogService.CONFIRMED && state != DialogService.CONFIRMED_NO_ACK) {
            return 0;
        }
        int was = state;
        state = DialogService.DELETED;
        endMillis = now;
        deadlineMillis = now + endTimeoutMillis;
        return was;
    }

    /** An early dialog that reached early_timeout: 1 or 2 to 5. */
    synchronized int expiredEarly(long now) {
        return failed(now);
    }

    synchronized boolean isDue(long now) {
        return now >= deadlineMillis;
    }

    /** Counts a BYE this server sent; the dialog goes once every one is answered. */
    synchronized void byeSent() {
        byesPending++;
    }

    /** One of our BYEs was answered; true when it was the last. */
    synchronized boolean byeAnswered() {
        return byesPending > 0 && --byesPending == 0;
    }

    /** The CSeq for a request this server sends towards one side, and remembers it as used. */
    synchronized long nextCseq(boolean towardsCaller) {
        // requests towards the caller continue the callee's CSeq space, and the other way round
        DialogLeg from = towardsCaller ? callee : caller;
        long next = number(from.cseq()) + 1;
        if (towardsCaller) {
            callee = withCseq(callee, Long.toString(next));
        } else {
            caller = withCseq(caller, Long.toString(next));
        }
        return next;
    }

    // --- keepalive ---------------------------------------------------------------------------------

    synchronized void keepalive(boolean towardsCaller, boolean towardsCallee, long first) {
        kaCaller = towardsCaller;
        kaCallee = towardsCallee;
        nextKeepaliveMillis = first;
    }

    /** Sides due for an OPTIONS now (bit 1 caller, bit 2 callee), moving the next one an interval on. */
    synchronized int keepaliveDue(long now, long intervalMillis) {
        if (state != DialogService.CONFIRMED || (!kaCaller && !kaCallee) || now < nextKeepaliveMillis) {
            return 0;
        }
        nextKeepaliveMillis = now + intervalMillis;
        return (kaCaller ? 1 : 0) | (kaCallee ? 2 : 0);
    }

    /**
     * The answer to a keepalive: 408 or 481 counts as a failure, and at the limit the dialog gets
     * {@code graceMillis} more life (Kamailio's 10 s); anything else clears the count. True when
     * the limit was reached now.
     */
    synchronized boolean keepaliveAnswered(int status, int limit, long now, long graceMillis) {
        if (status != 408 && status != 481) {
            kaFailures = 0;
            return false;
        }
        if (++kaFailures < limit || state != DialogService.CONFIRMED) {
            return false;
        }
        deadlineMillis = Math.min(deadlineMillis, now + graceMillis);
        kaCaller = false; // the dialog is ending: no more keepalives
        kaCallee = false;
        return true;
    }

    // --- written by the store ----------------------------------------------------------------------

    synchronized boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    synchronized void markDirty() {
        dirty = true;
    }

    // --- profiles (kept by DialogProfiles, listed here) ---------------------------------------------

    synchronized void addProfile(Membership m) {
        if (profiles == null) {
            profiles = new ArrayList<>(2);
        }
        profiles.add(m);
    }

    synchronized boolean removeProfile(Membership m) {
        return profiles != null && profiles.remove(m);
    }

    synchronized List<Membership> profiles() {
        return profiles == null ? List.of() : List.copyOf(profiles);
    }

    // --- Dialog -------------------------------------------------------------------------------------

    @Override
    public long hashEntry() {
        return hashEntry;
    }

    @Override
    public long hashId() {
        return hashId;
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public String fromUri() {
        return fromUri;
    }

    @Override
    public String toUri() {
        return toUri;
    }

    @Override
    public String requestUri() {
        return requestUri;
    }

    String callerTag() {
        return callerTag;
    }

    long inviteCseq() {
        return inviteCseq;
    }

    @Override
    public synchronized int state() {
        return state;
    }

    @Override
    public synchronized long initTime() {
        return initMillis / 1000;
    }

    synchronized long initMillis() {
        return initMillis;
    }

    synchronized long startMillis() {
        return startMillis;
    }

    @Override
    public synchronized long startTime() {
        return startMillis / 1000;
    }

    @Override
    public synchronized long endTime() {
        return endMillis / 1000;
    }

    synchronized long deadlineMillis() {
        return deadlineMillis;
    }

    /** The lifetime given at the last reset, seconds ({@code lifetime} of dlg.list). */
    synchronized long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    @Override
    public synchronized DialogLeg caller() {
        return caller;
    }

    @Override
    public synchronized DialogLeg callee() {
        return callee;
    }

    @Override
    public synchronized Map<String, String> variables() {
        return variables == null ? Map.of() : new LinkedHashMap<>(variables);
    }

    @Override
    public synchronized String variable(String name) {
        return variables == null ? null : variables.get(name);
    }

    void onVariableChange(java.util.function.Consumer<DialogImpl> hook) {
        variableChanged = hook;
    }

    @Override
    public void setVariable(String name, String value) {
        putVariable(name, value);
        variableChanged.accept(this);
    }

    /** Makes {@code all} the dialog's variables, without telling anyone (taken from a view). */
    synchronized void replaceVariables(Map<String, String> all) {
        variables = all.isEmpty() ? null : new LinkedHashMap<>(all);
        dirty = true;
    }

    /** Sets a variable without telling the store (reading it back from the store). */
    synchronized void putVariable(String name, String value) {
        if (value == null) {
            if (variables != null) {
                variables.remove(name);
            }
        } else {
            if (variables == null) {
                variables = new LinkedHashMap<>(4);
            }
            variables.put(name, value);
        }
        dirty = true;
    }

    @Override
    public String toString() {
        return "dialog " + hashEntry + ":" + hashId + " " + callId;
    }

    private static DialogLeg withCseq(DialogLeg leg, String cseq) {
        return new DialogLeg(leg.tag(), leg.contact(), cseq, leg.routeSet(), leg.socket());
    }

    static long number(String cseq) {
        try {
            return cseq == null || cseq.isEmpty() ? 0 : Long.parseLong(cseq.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
