/**
 * Kamailio's nathelper: the {@link io.sipcontainer.service.NatService} tests and fixes
 * ({@code nat_uac_test}, {@code fix_nated_register}, {@code fix_nated_contact},
 * {@code add_rcv_param}, the {@code ;alias=ip~port~proto} functions) and the keepalive pings of
 * NATed registrations ({@code nathelper.*} settings, statistics, {@code nathelper.enable_ping}).
 */
package io.sipcontainer.nat;
