package io.sipcontainer.service;

/**
 * An administration command's fault, with Kamailio's codes: 400 for bad parameters, 404 when the
 * thing asked for does not exist, 500 for anything else ("Method Not Found" included). JSON-RPC
 * answers with HTTP status = code (codes up to 100 answer 500).
 */
public final class RpcException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    public RpcException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
