package io.sipcontainer.server;

/**
 * Something a component serves on the HTTP port (the WebSocket SIP transport, the console, the
 * JSON-RPC endpoint): added with {@code services().contribute(HttpContribution.class, ...)} before the HTTP server starts, which mounts each one at its context path. The handler
 * is an {@code org.eclipse.jetty.server.Handler}, typed as Object here so this package does not
 * depend on Jetty.
 */
public record HttpContribution(String contextPath, Object jettyHandler, int order) {
}
