package io.sipcontainer.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.stack.SipStackBridge;

/**
 * Kamailio's connection commands over the stack's TCP and TLS listeners: {@code core.tcp_info}
 * (limits and how many connections are open) and {@code core.tcp_list} (each open connection: id,
 * type, direction, the peer's address as {@code src_*}, ours as {@code dst_*}, age in seconds, last
 * activity, and for TLS the protocol, cipher and SNI). WebSocket connections are listed by
 * {@code ws.dump}.
 */
final class ConnectionCommands {
    static final List<String> METHODS = List.of("core.tcp_info", "core.tcp_list");

    private ConnectionCommands() {
    }

    static void register(RpcRegistry rpc, SipStackBridge bridge, ServerConfig config) {
        rpc.registerReadOnly("core.tcp_info", "Returns TCP related info.", p -> {
            int[] open = bridge.openConnectionCounts();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("readers", config.workerThreads());
            m.put("max_connections", config.tcpLimits().maxConnections());
            m.put("max_tls_connections", config.tcpLimits().maxConnections());
            m.put("opened_connections", open[0]);
            m.put("opened_tls_connections", open[1]);
            m.put("write_queued_bytes", 0); // the RI writes on the sender's thread and queues nothing itself
            return m;
        });
        rpc.registerReadOnly("core.tcp_list", "Returns TCP connections details.", p -> bridge.tcpConnections());
    }
}
