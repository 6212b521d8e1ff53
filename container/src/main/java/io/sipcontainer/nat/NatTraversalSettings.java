package io.sipcontainer.nat;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code nat_traversal.*} settings with the module's names and defaults.
 *
 * @param keepaliveInterval seconds between keepalives of each endpoint; 0 or less: none
 * @param keepaliveMethod the method of the keepalive requests (NOTIFY)
 * @param keepaliveFrom their From URI; "" for {@code sip:keepalive@<this server's address>}
 * @param keepaliveExtraHeaders header lines added to them, separated by {@code \r\n} ("" none)
 */
record NatTraversalSettings(int keepaliveInterval, String keepaliveMethod, String keepaliveFrom,
        String keepaliveExtraHeaders) {

    static final String MODULE = "nat_traversal";

    static NatTraversalSettings read(ModuleParams p) throws ConfigException {
        String method = p.string("keepalive_method", "NOTIFY").strip();
        if (!method.matches("[A-Za-z]+")) {
            throw p.invalid("keepalive_method", "must be a method name, got '" + method + "'");
        }
        String from = p.string("keepalive_from", "").strip();
        if (!from.isEmpty() && !from.regionMatches(true, 0, "sip:", 0, 4)) {
            throw p.invalid("keepalive_from", "must be a SIP URI, got '" + from + "'");
        }
        String extra = p.string("keepalive_extra_headers", "").replace("\\r\\n", "\r\n").strip();
        for (String line : extra.isEmpty() ? new String[0] : extra.split("\r\n")) {
            if (!line.matches("[A-Za-z0-9!%*_+`'~.-]+\\s*:.*")) {
                throw p.invalid("keepalive_extra_headers", "'" + line + "' is not a header line");
            }
        }
        return new NatTraversalSettings(p.integer("keepalive_interval", 60, -1, 86_400),
                method.toUpperCase(java.util.Locale.ROOT), from, extra);
    }
}
