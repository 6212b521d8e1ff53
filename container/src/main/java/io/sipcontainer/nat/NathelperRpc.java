package io.sipcontainer.nat;

import java.util.List;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * {@code nathelper.enable_ping <0|1>}: Kamailio's switch of the keepalive pings (any number but 0
 * turns them on); without a parameter it tells the current state.
 */
final class NathelperRpc {
    static final List<String> METHODS = List.of("nathelper.enable_ping");

    private NathelperRpc() {
    }

    static void register(RpcRegistry rpc, NatPinger pinger) {
        rpc.register("nathelper.enable_ping", "Enable (non-zero) or disable (0) the NAT pings", p -> enablePing(p, pinger));
    }

    static void unregister(RpcRegistry rpc) {
        METHODS.forEach(rpc::unregister);
    }

    private static Object enablePing(RpcParams p, NatPinger pinger) throws RpcException {
        if (p.size() > 0) {
            pinger.setEnabled(p.integer(0) != 0);
        }
        return java.util.Map.of("enabled", pinger.isEnabled() ? 1 : 0);
    }
}
