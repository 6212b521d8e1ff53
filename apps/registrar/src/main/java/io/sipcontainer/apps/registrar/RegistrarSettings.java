package io.sipcontainer.apps.registrar;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code registrar.*} settings with Kamailio's names. Defaults are those of Kamailio's default
 * {@code kamailio.cfg} where it sets one (max_expires 3600, method_filtering on, use_path on,
 * path_mode 0, gruu_enabled off), otherwise the module's.
 *
 * @param defaultQ q for contacts without one, in thousandths; -1 leaves it unspecified
 * @param natUacTest nathelper's {@code nat_uac_test} flags deciding that a REGISTER comes through
 *        NAT (then its source is stored as {@code received}); 0 disables. Its default is
 *        {@code proxy.nat_uac_test} (19), and 0 with {@code proxy.with_nat = no}
 * @param natSipping {@code proxy.with_natsipping} (Kamailio's {@code WITH_NATSIPPING}): a NATed
 *        contact is also flagged for SIP pings rather than 4-byte UDP ones
 * @param natKeepalive {@code proxy.nat_keepalive}: nat_traversal's {@code nat_keepalive()} for a
 *        REGISTER from behind NAT, whose source then gets keepalive requests until it expires
 */
record RegistrarSettings(int defaultExpires, int defaultExpiresRange, int expiresRange, int minExpires,
        boolean minExpiresMode, int maxExpires, int defaultQ, boolean caseSensitive, String receivedParam,
        int maxContacts, int retryAfter, boolean methodFiltering, boolean usePath, int pathMode,
        boolean pathUseReceived, boolean gruuEnabled, int outboundMode, int regidMode, int flowTimer,
        int contactMaxSize, int natUacTest, boolean natSipping, boolean natKeepalive) {

    static final int PATH_OFF = 0;
    static final int PATH_LAZY = 1;
    static final int PATH_STRICT = 2;
    static final int OUTBOUND_NONE = 0;
    static final int OUTBOUND_SUPPORTED = 1;
    static final int OUTBOUND_REQUIRE = 2;

    static RegistrarSettings read(ModuleParams p) throws ConfigException {
        return read(p, ModuleParams.empty("proxy"));
    }

    /** The registrar's settings, with the NAT defaults of the default routing ({@code proxy.*}). */
    static RegistrarSettings read(ModuleParams p, ModuleParams proxy) throws ConfigException {
        boolean withNat = proxy.bool("with_nat", true);
        int natDefault = proxy.integer("nat_uac_test", 19, 0, 511);
        return new RegistrarSettings(
                p.integer("default_expires", 3600, 0, Integer.MAX_VALUE),
                p.integer("default_expires_range", 0, 0, 100),
                p.integer("expires_range", 0, 0, 100),
                p.integer("min_expires", 60, 0, Integer.MAX_VALUE),
                p.bool("min_expires_mode", false),
                p.integer("max_expires", 3600, 0, Integer.MAX_VALUE),
                p.integer("default_q", -1, -1, 1000),
                p.bool("case_sensitive", true),
                p.string("received_param", "received"),
                p.integer("max_contacts", 0, 0, Integer.MAX_VALUE),
                p.integer("retry_after", 0, 0, Integer.MAX_VALUE),
                p.bool("method_filtering", true),
                p.bool("use_path", true),
                p.integer("path_mode", PATH_OFF, PATH_OFF, PATH_STRICT),
                p.bool("path_use_received", false),
                p.bool("gruu_enabled", false),
                p.integer("outbound_mode", OUTBOUND_NONE, OUTBOUND_NONE, OUTBOUND_REQUIRE),
                p.integer("regid_mode", 0, 0, 1),
                p.integer("flow_timer", 0, 0, 999),
                p.integer("contact_max_size", 512, 1, 65535),
                withNat ? p.integer("nat_uac_test", natDefault, 0, 511) : 0,
                proxy.bool("with_natsipping", true),
                withNat && proxy.bool("nat_keepalive", false));
    }
}
