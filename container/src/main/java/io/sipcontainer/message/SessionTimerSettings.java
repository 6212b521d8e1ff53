package io.sipcontainer.message;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code sst.*} settings (named as Kamailio's sst module parameters): this server's smallest
 * RFC 4028 session interval, which applications' {@code SessionKeepAlive} preferences start from
 * and may not go below, and which a proxy enforces on the requests it relays (RFC 4028 8.1).
 * Read once at start-up.
 *
 * @param minSe          smallest session interval in seconds ({@code min_se}, 90, RFC 4028's
 *                       floor; smaller values break RFC 4028 and are meant for tests)
 * @param rejectTooSmall a proxied request whose Session-Expires is below {@code minSe} and whose
 *                       sender supports timers gets 422 with Min-SE ({@code reject_to_small},
 *                       yes); otherwise, or when the sender does not support timers, the proxy
 *                       raises Session-Expires and Min-SE to {@code minSe} and relays it
 */
public record SessionTimerSettings(int minSe, boolean rejectTooSmall) {
    /** RFC 4028 4: the smallest session interval anyone may ask for, and Min-SE when absent. */
    public static final int RFC_MIN_SE = 90;
    /** The settings' module name: {@code sst.min_se}, {@code sst.reject_to_small}. */
    public static final String MODULE = "sst";

    public static SessionTimerSettings defaults() {
        return new SessionTimerSettings(RFC_MIN_SE, true);
    }

    public static SessionTimerSettings read(ModuleParams p) throws ConfigException {
        SessionTimerSettings d = defaults();
        return new SessionTimerSettings(p.integer("min_se", d.minSe(), 1, 86400),
                p.bool("reject_to_small", d.rejectTooSmall()));
    }
}
