package io.sipcontainer.service;

import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;

/**
 * Kamailio's nathelper as a container service: tests that tell whether a message came through a
 * NAT, and the fixes that make a client behind one reachable. The source of a message is the
 * address and port it arrived from ({@link SipServletMessage#getRemoteAddr()}), the transport the
 * one it arrived over. The container also keeps NATed registrations alive with pings
 * ({@code nathelper.natping_interval}); a registrar marks a contact for them with
 * {@link #natBflag()} and {@link #sippingBflag()} in its {@code cflags}.
 *
 * <pre>{@code
 * NatService nat = Services.get(getServletContext(), NatService.class);
 * if (nat.natUacTest(request, 19)) {           // if (nat_uac_test("19"))
 *     nat.setContactAlias(request);            //     set_contact_alias();
 * }
 * }</pre>
 */
public interface NatService {
    /** Test 1: the first Contact URI's host is a private address (RFC 1918, RFC 6598, 192.0.0.0/29). */
    int PRIVATE_CONTACT = 1;
    /** Test 2: the top Via's sent-by address is not the source address. */
    int VIA_ADDRESS_DIFFERS = 2;
    /** Test 4: the top Via's sent-by address is a private address. */
    int PRIVATE_VIA = 4;
    /** Test 8: a c= line of the SDP body carries a private address. */
    int PRIVATE_SDP = 8;
    /** Test 16: the top Via's port (5060 when absent) is not the source port. */
    int VIA_PORT_DIFFERS = 16;
    /** Test 32: the source address is a private address. */
    int PRIVATE_SOURCE = 32;
    /** Test 64: the message came over WebSocket (ws or wss). */
    int WEBSOCKET = 64;
    /** Test 128: the first Contact URI's port (5060 when absent) is not the source port. */
    int CONTACT_PORT_DIFFERS = 128;
    /** Test 256: a c= line of the SDP body is not the source address. */
    int SDP_ADDRESS_DIFFERS = 256;

    /** {@code handle_ruri_alias()}: the alias was found, removed and made the destination. */
    int ALIAS_HANDLED = 1;
    /** {@code handle_ruri_alias()}: the Request-URI has no alias; nothing was done. */
    int NO_ALIAS = 2;
    /** {@code handle_ruri_alias()}: the alias could not be read. */
    int ALIAS_ERROR = -1;

    /**
     * {@code nat_uac_test(flags)}: true when any of the tests chosen by {@code flags} (the constants
     * above, or-ed; 19 in Kamailio's default configuration) finds a NAT.
     */
    boolean natUacTest(SipServletMessage message, int flags);

    /**
     * The source of a message as a URI: {@code sip:<ip>:<port>} plus {@code ;transport=tcp|tls|ws|wss}
     * unless it came over UDP; an IPv6 address in brackets.
     */
    String sourceUri(SipServletMessage message);

    /**
     * {@code fix_nated_register()}: the {@link #sourceUri} of a REGISTER, also set as the request's
     * {@link #RECEIVED_ATTRIBUTE} (Kamailio's {@code received_avp}) for a registrar to store as the
     * binding's {@code received} and return in the 200's Contact {@code ;received=}.
     */
    String fixNatedRegister(SipServletRequest register);

    /** The request attribute {@link #fixNatedRegister} sets (a String). */
    String RECEIVED_ATTRIBUTE = "io.sipcontainer.nat.received";

    /**
     * {@code fix_nated_contact()}: the first Contact URI's host and port become the source's. A
     * proxy may call it on a request before proxying it, or on a response it relays. False when
     * the message has no SIP Contact.
     */
    boolean fixNatedContact(SipServletMessage message);

    /**
     * {@code add_rcv_param([flag])}: adds {@code ;received="<source uri>"} to every Contact header,
     * or with {@code toUri} to every Contact URI (UDP only, as Kamailio). False when nothing was added.
     */
    boolean addRcvParam(SipServletRequest request, boolean toUri);

    /**
     * {@code add_contact_alias()}: adds {@code ;alias=<ip>~<port>~<proto>} of the source to the
     * first Contact URI when the source differs from the URI's host, port or transport. Proto is
     * Kamailio's digit: 1 udp, 2 tcp, 3 tls, 4 sctp, 5 ws, 6 wss; IPv6 in brackets. True when
     * added or not needed; false when the message has no SIP Contact.
     */
    boolean addContactAlias(SipServletMessage message);

    /**
     * {@code set_contact_alias(1)}: adds the source's {@code ;alias=} to the first Contact URI
     * whatever it holds, replacing an alias already there (a URI holds a parameter once). False
     * when the message has no SIP Contact.
     */
    boolean setContactAlias(SipServletMessage message);

    /**
     * {@code handle_ruri_alias()}: when the Request-URI carries {@code ;alias=ip~port~proto}, the
     * parameter is removed and the request is routed to that address (a Route to it is pushed,
     * Kamailio's {@code $du}). Returns {@link #ALIAS_HANDLED}, {@link #NO_ALIAS} or {@link #ALIAS_ERROR}.
     */
    int handleRuriAlias(SipServletRequest request);

    /**
     * nat_traversal's {@code nat_keepalive()}, given the positive final answer to the request: the
     * request's source is kept alive with a {@code nat_traversal.keepalive_method} request
     * (NOTIFY) every {@code nat_traversal.keepalive_interval} seconds, for a REGISTER until its
     * longest contact expires, for a SUBSCRIBE until its Expires, for an INVITE while its dialog
     * lives (until the container's dialog module sees it end). A proxy passes the response it
     * relays, a registrar the 200 it sends (once sent). Only UDP sources need it. False when
     * nothing is kept alive (not a 2xx, keepalives off, not UDP, another method).
     */
    boolean natKeepalive(jakarta.servlet.sip.SipServletResponse positiveAnswer);

    /**
     * The bit (Kamailio's {@code nat_bflag}, {@code nathelper.nat_bflag}, 6 by default) a registrar
     * sets in a NATed contact's {@code cflags}; with {@code nathelper.ping_nated_only} only such
     * contacts are pinged.
     */
    int natBflag();

    /**
     * The bit ({@code nathelper.sipping_bflag}, 7 by default) of contacts pinged with a SIP request
     * ({@code sipping_method}) rather than 4 bytes of UDP; -1 when SIP pinging is off.
     */
    int sippingBflag();
}
