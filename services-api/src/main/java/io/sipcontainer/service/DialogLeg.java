package io.sipcontainer.service;

/**
 * One side of a dialog as Kamailio's {@code dlg.list} shows it: the tag of that side, its
 * Contact, the last CSeq it sent, the route set towards it (Record-Route values joined by
 * commas, in the order requests to it use them) and the local socket ({@code udp:host:port}) it
 * talks to. Empty strings where nothing is known yet.
 */
public record DialogLeg(String tag, String contact, String cseq, String routeSet, String socket) {
    /** A side not heard from yet. */
    public static final DialogLeg NONE = new DialogLeg("", "", "", "", "");
}
