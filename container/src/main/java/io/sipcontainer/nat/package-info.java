/**
 * Kamailio's nathelper and nat_traversal: the {@link io.sipcontainer.service.NatService} tests and
 * fixes ({@code nat_uac_test}, {@code fix_nated_register}, {@code fix_nated_contact},
 * {@code add_rcv_param}, the {@code ;alias=ip~port~proto} functions, {@code nat_keepalive}), the
 * keepalive pings of NATed registrations ({@code nathelper.*} settings, statistics,
 * {@code nathelper.enable_ping}) and the keepalive requests of endpoints with registrations,
 * subscriptions or dialogs ({@code nat_traversal.*}).
 */
package io.sipcontainer.nat;
