package io.sipcontainer.jsonrpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.http.AdminCredentials;
import io.sipcontainer.http.ContextMounts;
import io.sipcontainer.http.HttpServerComponent;
import io.sipcontainer.http.HttpServerListener;
import io.sipcontainer.http.HttpSettings;
import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.service.RpcRegistry;

/**
 * Kamailio's JSON-RPC endpoint at {@code /RPC} on the HTTP port, for administrators (see
 * {@link JsonRpcHandler}), and the core commands that check it ({@link AdminCommands}). Both exist
 * only while the HTTP server is enabled: they are set up when it starts, through
 * {@link HttpServerListener}, so the HTTP server does not know this package.
 */
public final class JsonRpcComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcComponent.class);
    static final String PATH = "/RPC";

    @Override
    public int order() {
        return HttpServerComponent.ORDER - 100; // the listener must exist before the HTTP server starts
    }

    @Override
    public void start(ServerContext context) {
        context.services().contribute(HttpServerListener.class, new HttpServerListener() {
            @Override
            public void starting(ContextMounts mounts, ServerContext ctx) throws Exception {
                mount(mounts, ctx);
            }
        });
    }

    static void mount(ContextMounts mounts, ServerContext context) throws Exception {
        RpcRegistry rpc = context.services().get(RpcRegistry.class);
        AdminCommands.register(rpc);
        boolean localhostOnly = HttpSettings.read(context.config()).rpcLocalhostOnly();
        mounts.mount(PATH, new JsonRpcHandler(new JsonRpcDispatcher(rpc), AdminCredentials.of(context), localhostOnly),
                "the JSON-RPC endpoint");
        LOG.info("JSON-RPC at {}", PATH);
    }

    @Override
    public void stop() {
        // the HTTP server unmounts the endpoint when it stops
    }
}
