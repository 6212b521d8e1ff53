package io.sipcontainer.service;

import java.util.Map;

/**
 * One dialog {@link DialogService} tracks, as Kamailio's {@code dlg.list} shows it: hash entry
 * and id, Call-ID, From and To URIs, state, times, and the caller and callee legs. Variables
 * ({@code $dlg_var}) may be set by any application and are kept with the dialog.
 */
public interface Dialog {

    long hashEntry();

    long hashId();

    String callId();

    String fromUri();

    String toUri();

    String requestUri();

    /** Kamailio's state number, 1 to 5 ({@link DialogService#UNCONFIRMED} ...). */
    int state();

    /** When the INVITE arrived, epoch seconds ({@code init_ts}). */
    long initTime();

    /** When the dialog was confirmed, epoch seconds; 0 before ({@code start_ts}). */
    long startTime();

    /** When the dialog ended, epoch seconds; 0 before ({@code end_ts}). */
    long endTime();

    /** The caller's side (From tag, its Contact, CSeq, route set and our socket towards it). */
    DialogLeg caller();

    /** The callee's side; empty values until it answered. */
    DialogLeg callee();

    /** The dialog's variables, a snapshot. */
    Map<String, String> variables();

    /** A variable ({@code $dlg_var(name)}); null when unset. */
    String variable(String name);

    /**
     * Sets ({@code value} non-null) or removes a variable. In a cluster, on a dialog another node
     * owns, this node takes the dialog over first (a few round trips), then stores and shares it.
     */
    void setVariable(String name, String value);
}
