package io.sipcontainer.service;

import java.util.SortedMap;

/**
 * The administration commands of the server and its applications, called by JSON-RPC at
 * {@code /RPC}, the command line tool and the console. Commands keep Kamailio's names
 * ({@code core.version}, {@code ul.dump}, {@code dlg.list}, {@code stats.get_statistics}). An
 * application registers its commands when it starts and unregisters them when it stops.
 *
 * <p>A command either only reads state (statistics, listings, dumps) or changes it. Registered with
 * {@link #registerReadOnly}, it may be run by the read-only RPC token ({@code http.rpc_read_token})
 * and is not written to the audit log; registered with {@link #register}, it is taken to change
 * state: only the full token and the console may run it, and each call is audited.
 */
public interface RpcRegistry {

    /** Adds a command that changes state; replaces one of the same name (a redeployed application). */
    void register(String method, String help, RpcHandler handler);

    /** Adds a command that only reads state; replaces one of the same name. */
    void registerReadOnly(String method, String help, RpcHandler handler);

    /** True when {@code method} is registered as read-only; false for a state-changing or unknown one. */
    boolean isReadOnly(String method);

    void unregister(String method);

    /** Runs a command: 500 "Method Not Found" for an unknown name. */
    Object call(String method, RpcParams params) throws RpcException;

    /** Every command with its help text, by name. */
    SortedMap<String, String> methods();
}
