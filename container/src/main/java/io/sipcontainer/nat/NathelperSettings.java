package io.sipcontainer.nat;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code nathelper.*} settings with Kamailio's names; defaults are those of Kamailio's default
 * {@code kamailio.cfg} with {@code WITH_NAT} where it sets one (natping_interval 30,
 * ping_nated_only 1, sipping_bflag 7, nat_bflag 6, sipping_from sip:pinger@kamailio.org),
 * otherwise the module's.
 *
 * @param natpingInterval seconds between ping rounds; 0 never pings
 * @param pingNatedOnly only contacts with {@code nat_bflag} in their cflags are pinged
 * @param natBflag the cflags bit of a NATed contact (usrloc's {@code nat_bflag})
 * @param sippingBflag the cflags bit of a contact pinged with a SIP request; -1 never
 * @param sippingFrom the From URI of the SIP pings
 * @param sippingMethod the method of the SIP pings
 * @param keepaliveTimeout seconds after which a SIP-pinged contact that answered none is removed; 0 never
 * @param forceSocket {@code [udp:]ip:port} of the socket every ping leaves from, "" for the contact's own
 * @param enablePing the initial state of the {@code nathelper.enable_ping} switch
 */
record NathelperSettings(int natpingInterval, boolean pingNatedOnly, int natBflag, int sippingBflag,
        String sippingFrom, String sippingMethod, int keepaliveTimeout, String forceSocket, boolean enablePing) {

    static final String MODULE = "nathelper";

    static NathelperSettings read(ModuleParams p) throws ConfigException {
        String from = p.string("sipping_from", "sip:pinger@kamailio.org").strip();
        if (!from.regionMatches(true, 0, "sip:", 0, 4) && !from.regionMatches(true, 0, "sips:", 0, 5)) {
            throw p.invalid("sipping_from", "must be a SIP URI, got '" + from + "'");
        }
        String method = p.string("sipping_method", "OPTIONS").strip();
        if (!method.matches("[A-Za-z]+")) {
            throw p.invalid("sipping_method", "must be a method name, got '" + method + "'");
        }
        String force = p.string("force_socket", "").strip();
        if (!force.isEmpty() && !force.matches("(?i)(udp:)?[^:]+:\\d+")) {
            throw p.invalid("force_socket", "must be [udp:]ip:port, got '" + force + "'");
        }
        return new NathelperSettings(
                p.integer("natping_interval", 30, 0, 86_400),
                p.bool("ping_nated_only", true),
                p.integer("nat_bflag", 6, 0, 31),
                p.integer("sipping_bflag", 7, -1, 31),
                from, method.toUpperCase(java.util.Locale.ROOT),
                p.integer("keepalive_timeout", 0, 0, 86_400 * 7),
                force.regionMatches(true, 0, "udp:", 0, 4) ? force.substring(4) : force,
                p.bool("enable_ping", true));
    }
}
