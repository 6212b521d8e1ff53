package io.sipcontainer.service;

/**
 * One administration command (Kamailio's RPC, e.g. {@code ul.dump}). The result is made of
 * {@code Map<String,?>} (kept in insertion order), {@code List<?>}, {@code String}, {@code Number},
 * {@code Boolean} and null, so that JSON-RPC and the command line tool can render it.
 */
@FunctionalInterface
public interface RpcHandler {
    Object call(RpcParams params) throws RpcException;
}
