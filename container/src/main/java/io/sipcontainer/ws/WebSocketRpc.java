package io.sipcontainer.ws;

import java.util.List;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * Kamailio's {@code ws.*} administration commands: {@code ws.dump [id_hash|used_desc|used_asc]},
 * {@code ws.close|ping|pong <id>}, {@code ws.disable}, {@code ws.enable}. Faults carry Kamailio's
 * messages with code 500.
 */
final class WebSocketRpc {
    static final List<String> METHODS = List.of("ws.dump", "ws.close", "ws.ping", "ws.pong", "ws.disable", "ws.enable");

    private WebSocketRpc() {
    }

    static void register(RpcRegistry rpc, WebSocketConnections connections) {
        rpc.registerReadOnly("ws.dump", "List websocket connections",
                p -> connections.dump(p.string(0, "id_hash")));
        rpc.register("ws.close", "Close a websocket connection by id", p -> {
            connection(connections, p).close();
            return null;
        });
        rpc.register("ws.ping", "Send ping on a websocket connection by id", p -> {
            connection(connections, p).keepAlive(true, connections.settings().pingApplicationData()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return null;
        });
        rpc.register("ws.pong", "Send pong on a websocket connection by id", p -> {
            connection(connections, p).keepAlive(false, connections.settings().pingApplicationData()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return null;
        });
        rpc.register("ws.disable", "Disable websocket connection handling", p -> {
            connections.setEnabled(false);
            return null;
        });
        rpc.register("ws.enable", "Enable websocket connection handling", p -> {
            connections.setEnabled(true);
            return null;
        });
    }

    static void unregister(RpcRegistry rpc) {
        METHODS.forEach(rpc::unregister);
    }

    private static WebSocketConnection connection(WebSocketConnections connections, RpcParams p) throws RpcException {
        if (p.size() < 1) {
            throw new RpcException(500, "no connection ID parameter");
        }
        int id;
        try {
            id = Integer.parseInt(p.string(0).strip());
        } catch (NumberFormatException e) {
            throw new RpcException(500, "bad connection ID parameter");
        }
        WebSocketConnection c = connections.get(id);
        if (c == null) {
            throw new RpcException(500, "Unknown connection ID");
        }
        return c;
    }
}
