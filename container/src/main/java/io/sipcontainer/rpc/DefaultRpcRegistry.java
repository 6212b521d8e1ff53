package io.sipcontainer.rpc;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcHandler;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/** The table of administration commands; {@code system.listMethods} and {@code system.methodHelp} built in. */
public final class DefaultRpcRegistry implements RpcRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultRpcRegistry.class);

    private record Command(String help, boolean readOnly, RpcHandler handler) {
    }

    private final Map<String, Command> commands = new ConcurrentHashMap<>();

    public DefaultRpcRegistry() {
        registerReadOnly("system.listMethods", "Lists the RPC methods.", p -> new java.util.ArrayList<>(methods().keySet()));
        registerReadOnly("system.methodHelp", "Help text of a method.", p -> {
            Command c = commands.get(p.string(0));
            if (c == null) {
                throw new RpcException(500, "Method Not Found");
            }
            return c.help();
        });
    }

    @Override
    public void register(String method, String help, RpcHandler handler) {
        commands.put(method, new Command(help == null ? "" : help, false, handler));
    }

    @Override
    public void registerReadOnly(String method, String help, RpcHandler handler) {
        commands.put(method, new Command(help == null ? "" : help, true, handler));
    }

    @Override
    public boolean isReadOnly(String method) {
        Command c = method == null ? null : commands.get(method);
        return c != null && c.readOnly();
    }

    @Override
    public void unregister(String method) {
        commands.remove(method);
    }

    @Override
    public Object call(String method, RpcParams params) throws RpcException {
        Command c = method == null ? null : commands.get(method);
        if (c == null) {
            throw new RpcException(500, "Method Not Found");
        }
        try {
            return c.handler().call(params);
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("RPC {} failed", method, e);
            throw new RpcException(500, "Internal Server Error: " + e.getMessage());
        }
    }

    @Override
    public SortedMap<String, String> methods() {
        SortedMap<String, String> m = new TreeMap<>();
        commands.forEach((k, v) -> m.put(k, v.help()));
        return m;
    }
}
