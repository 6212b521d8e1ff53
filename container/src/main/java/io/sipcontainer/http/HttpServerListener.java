package io.sipcontainer.http;

import io.sipcontainer.server.ServerContext;

/**
 * A part of the server that serves on the HTTP port through {@link HttpServerComponent} without
 * this package knowing it (the JSON-RPC endpoint, the web side of converged applications): a
 * component contributes one with {@code services().contribute(HttpServerListener.class, ...)} before
 * the HTTP server starts (its order is below {@link HttpServerComponent#ORDER}). Nothing is called
 * when HTTP is disabled. An exception stops the HTTP server's start, and so the server's.
 */
public interface HttpServerListener {

    /** The ports are bound and nothing is served yet: mount here what must answer the first request. */
    default void starting(ContextMounts mounts, ServerContext context) throws Exception {
    }

    /** The server runs and {@link HttpInfo} is published: mount here what comes and goes later. */
    default void started(ContextMounts mounts, HttpInfo info, ServerContext context) throws Exception {
    }
}
