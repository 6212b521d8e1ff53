package io.sipcontainer.console;

import java.io.IOException;
import java.util.List;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcRegistry;

/**
 * Administration commands behind the console's application pages, registered for every RPC client
 * ({@code /RPC}, {@code sipctl}), not only the console: {@code app.list} (the archives in the
 * deploy folder with their state: deployed, refused with the reason, or pending),
 * {@code app.undeploy <application or file>} (removes the archive; the watcher undeploys it),
 * {@code dar.get} (the DAR file's text and the router's table) and {@code dar.reload} (the default
 * router re-reads its file now).
 */
final class ConsoleCommands {
    static final List<String> METHODS = List.of("app.list", "app.undeploy", "dar.get", "dar.reload");

    /** A command body that may fail like a console API call. */
    @FunctionalInterface
    private interface Action {
        Object run() throws ApiException, IOException;
    }

    private ConsoleCommands() {
    }

    static void register(RpcRegistry rpc, Deployments deployments, DarEditor dar) {
        rpc.registerReadOnly("app.list", "Lists the archives of the deploy folder and the deployed applications.",
                p -> call(deployments::list));
        rpc.register("app.undeploy", "Undeploys an application: removes its archive (application or file name).",
                p -> {
                    String name = p.string(0);
                    return call(() -> deployments.undeploy(name));
                });
        rpc.registerReadOnly("dar.get", "Returns the default application router's file and table.", p -> call(dar::get));
        rpc.register("dar.reload", "Has the default application router re-read its file.", p -> call(dar::reload));
    }

    static void unregister(RpcRegistry rpc) {
        METHODS.forEach(rpc::unregister);
    }

    private static Object call(Action action) throws RpcException {
        try {
            return action.run();
        } catch (ApiException e) {
            throw new RpcException(e.status(), e.getMessage());
        } catch (IOException e) {
            throw new RpcException(500, "I/O error: " + e.getMessage());
        }
    }
}
