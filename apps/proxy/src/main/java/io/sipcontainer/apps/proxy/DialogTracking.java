package io.sipcontainer.apps.proxy;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * How the proxy uses the container's dialog module: {@code proxy.dlg_manage} (yes by default)
 * tracks every relayed INVITE, as {@code dlg_manage()} in the routing script would, and
 * {@code proxy.dlg_keepalive} (none, caller, callee or both) asks for in-dialog OPTIONS keepalives
 * towards those sides, as {@code dlg_set_property("ka-src"|"ka-dst")} would (sent only when
 * {@code dialog.ka_timer} and {@code dialog.ka_interval} are set).
 */
record DialogTracking(boolean manage, boolean keepaliveCaller, boolean keepaliveCallee) {

    static DialogTracking read(ModuleParams p) throws ConfigException {
        boolean manage = p.bool("dlg_manage", true);
        String ka = p.oneOf("dlg_keepalive", "none", "none", "caller", "callee", "both");
        return new DialogTracking(manage, "caller".equals(ka) || "both".equals(ka),
                "callee".equals(ka) || "both".equals(ka));
    }
}
