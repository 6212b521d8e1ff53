package io.sipcontainer.service;

import java.util.SortedMap;

/**
 * The administration commands of the server and its applications, called by JSON-RPC at
 * {@code /RPC}, the command line tool and the console. Commands keep Kamailio's names
 * ({@code core.version}, {@code ul.dump}, {@code dlg.list}, {@code stats.get_statistics}). An
 * application registers its commands when it starts and unregisters them when it stops.
 */
public interface RpcRegistry {

    /** Adds a command; replaces one of the same name (a redeployed application). */
    void register(String method, String help, RpcHandler handler);

    void unregister(String method);

    /** Runs a command: 500 "Method Not Found" for an unknown name. */
    Object call(String method, RpcParams params) throws RpcException;

    /** Every command with its help text, by name. */
    SortedMap<String, String> methods();
}
