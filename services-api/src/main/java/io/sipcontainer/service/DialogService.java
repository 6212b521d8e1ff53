package io.sipcontainer.service;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Kamailio's dialog module as a container service: which INVITE dialogs are up, in which state,
 * for how long, in which profiles, with which variables. A proxying application hands it the
 * messages of the calls it relays ({@link #manage} for an initial INVITE, as Kamailio's
 * {@code dlg_manage()}, then {@link #onResponse} and {@link #onRequest}); any application may
 * read dialogs, put them in profiles, keep variables on them, listen to their start, end and
 * failure, and end them (BYE to both sides).
 *
 * <p>States are Kamailio's numbers ({@link Dialog#state()}): {@link #UNCONFIRMED} after the
 * INVITE, {@link #EARLY} after a provisional with a To tag, {@link #CONFIRMED_NO_ACK} after a
 * 2xx, {@link #CONFIRMED} after the ACK, {@link #DELETED} after a BYE, a timeout or a final
 * failure. Timeouts, keepalives and persistence follow the {@code dialog.*} settings
 * ({@code default_timeout}, {@code send_bye}, {@code ka_timer}, {@code db_mode} ...).
 *
 * <p>The message methods are called on the message path and only touch memory; they never
 * block on I/O, but for one case in a cluster: a request for a dialog another node owns takes it
 * over first (a few round trips to the cluster; an ACK, BYE, INVITE or UPDATE that finds no dialog
 * this node knows of reads the cluster's map, as the dialog may have been confirmed on another
 * node a moment ago). In a cluster, {@link #list}, {@link #find} and
 * {@link #profileSize} answer for every node's confirmed dialogs (and early ones with
 * {@code cluster.replicate_early_dialogs}), and {@link #end} ends another
 * node's dialog from this one.
 */
public interface DialogService {
    int UNCONFIRMED = 1;
    int EARLY = 2;
    int CONFIRMED_NO_ACK = 3;
    int CONFIRMED = 4;
    int DELETED = 5;

    /**
     * Starts tracking the dialog an initial INVITE creates ({@code dlg_manage()}); the same
     * dialog for a retransmission or spiral of one already tracked. Null for anything that is
     * not an initial INVITE.
     *
     * <p>The INVITE's application session ends with the call when this module ends it itself (a
     * timeout, {@link #end}, {@code dlg.end_dlg}, a failed keepalive), or when a BYE reached it
     * that the container routed without the session: no application sees those BYEs, so the
     * session of a record-routing proxy would otherwise live until it expires. On whichever node
     * of a cluster ends the call.
     */
    Dialog manage(SipServletRequest initialInvite);

    /** A response to a tracked INVITE, or to an in-dialog request (a BYE's final response). */
    void onResponse(SipServletResponse response);

    /** A request within a tracked dialog (ACK, BYE, re-INVITE, ...) or the CANCEL of its INVITE. */
    void onRequest(SipServletRequest request);

    /** The dialog of a Call-ID and the caller's From tag ({@code dlg.dlg_list}). */
    Optional<Dialog> find(String callId, String fromTag);

    /** The dialog with this hash entry and id ({@code dlg.end_dlg}). */
    Optional<Dialog> find(long hashEntry, long hashId);

    /** Every tracked dialog, a snapshot. */
    List<Dialog> list();

    /**
     * Ends a confirmed dialog: BYE to the caller and to the callee ({@code dlg_bye("all")}), and
     * the application session of its INVITE (see {@link #manage}); false when the dialog is not
     * confirmed (Kamailio's end_dlg refuses those too).
     */
    boolean end(Dialog dialog);

    /**
     * Keepalives for a confirmed dialog (Kamailio's {@code dlg_set_property("ka-src"|"ka-dst")}):
     * an in-dialog OPTIONS towards the caller and/or the callee every {@code dialog.ka_interval};
     * a 408 or 481 answer ends the dialog. Nothing is sent while {@code dialog.ka_timer} is 0.
     */
    void keepalive(Dialog dialog, boolean caller, boolean callee);

    /**
     * Puts a dialog in a profile ({@code set_dlg_profile}); {@code value} is null for a profile
     * declared without value. Throws IllegalArgumentException for a profile not declared in
     * {@code dialog.profiles_no_value} / {@code dialog.profiles_with_value}.
     */
    void setProfile(Dialog dialog, String profile, String value);

    /** Takes a dialog out of a profile ({@code unset_dlg_profile}); false when it was not in it. */
    boolean unsetProfile(Dialog dialog, String profile, String value);

    /** Dialogs in a profile ({@code get_profile_size}); {@code value} null counts every value. */
    long profileSize(String profile, String value);

    /** Called on dialog events; listeners run on the thread that caused the event and must not block. */
    void addListener(DialogListener listener);

    void removeListener(DialogListener listener);
}
