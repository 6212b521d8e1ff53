package io.sipcontainer.it.support;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import io.sipcontainer.server.HttpContribution;
import io.sipcontainer.server.SipServer;
import io.sipcontainer.transport.Connector;

/**
 * The HTTP port serving SIP over WebSocket for a test server. When the server already serves it
 * (its HTTP component mounted the WebSocket handler), that port is used; otherwise the server's
 * HTTP contributions are mounted on a Jetty server of the test's own, on an ephemeral port of
 * 127.0.0.1, which {@link #close()} stops.
 */
public final class WebSocketEndpoint implements AutoCloseable {
    private final Server ownJetty;
    private final int port;

    private WebSocketEndpoint(Server ownJetty, int port) {
        this.ownJetty = ownJetty;
        this.port = port;
    }

    public static WebSocketEndpoint of(SipServer server) throws Exception {
        for (Connector c : server.connectors()) {
            if (c.transport().equals("ws")) {
                return new WebSocketEndpoint(null, c.port());
            }
        }
        Server jetty = new Server();
        ServerConnector http = new ServerConnector(jetty);
        http.setHost("127.0.0.1");
        http.setPort(0);
        jetty.addConnector(http);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (HttpContribution c : server.services().contributions(HttpContribution.class)) {
            ContextHandler context = new ContextHandler((Handler) c.jettyHandler(), c.contextPath());
            context.setAllowNullPathInContext(true);
            contexts.addHandler(context);
        }
        jetty.setHandler(contexts);
        jetty.start();
        return new WebSocketEndpoint(jetty, http.getLocalPort());
    }

    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:port/}. */
    public String uri() {
        return "ws://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() throws Exception {
        if (ownJetty != null) {
            ownJetty.stop();
        }
    }
}
