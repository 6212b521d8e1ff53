package io.sipcontainer.jsonrpc;

import java.util.ArrayList;
import java.util.List;

import io.sipcontainer.service.RpcRegistry;

/**
 * Kamailio's small core commands that help check the administration channel itself:
 * {@code core.echo} returns its parameters, {@code core.ps} lists the server's processes as a flat
 * array of pid and description pairs (one process here: the JVM, with its thread count).
 */
public final class AdminCommands {
    private AdminCommands() {
    }

    public static void register(RpcRegistry rpc) {
        rpc.registerReadOnly("core.echo", "Returns back its parameters.", p -> new ArrayList<>(p.all()));
        rpc.registerReadOnly("core.ps", "Lists the server's processes: pid, description.", p -> List.of(
                ProcessHandle.current().pid(),
                "sipcontainer main process (" + Thread.activeCount() + " threads)"));
    }
}
