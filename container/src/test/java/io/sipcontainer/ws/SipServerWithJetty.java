package io.sipcontainer.ws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.config.Transport;
import io.sipcontainer.server.HttpContribution;
import io.sipcontainer.server.SipServer;
import io.sipcontainer.stack.Connector;

/**
 * A SIP server on ephemeral loopback ports with the HTTP contributions mounted on a Jetty server
 * of the test's own (what the HTTP component does in production), on an ephemeral port.
 */
final class SipServerWithJetty implements AutoCloseable {
    final SipServer sip;
    final Server jetty;

    private SipServerWithJetty(SipServer sip, Server jetty) {
        this.sip = sip;
        this.jetty = jetty;
    }

    static SipServerWithJetty start(Path home, UnaryOperator<ServerConfig.Builder> adjust) throws Exception {
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/dar.properties"), "");
        ServerConfig.Builder builder = ServerConfig.builder().baseDir(home)
                .listen(Transport.UDP, "127.0.0.1", 0)
                .deployDir(home.resolve("deploy")).workDir(home.resolve("work"))
                .darFile(home.resolve("conf/dar.properties"))
                .deployScanInterval(Duration.ZERO).shutdownTimeout(Duration.ZERO);
        SipServer sip = new SipServer(adjust.apply(builder).build());
        sip.start();
        Server jetty = new Server();
        try {
            ServerConnector http = new ServerConnector(jetty);
            http.setHost("127.0.0.1");
            http.setPort(0);
            jetty.addConnector(http);
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            for (HttpContribution c : sip.services().contributions(HttpContribution.class)) {
                ContextHandler context = new ContextHandler((Handler) c.jettyHandler(), c.contextPath());
                context.setAllowNullPathInContext(true); // ws://host/sip as well as ws://host/sip/
                contexts.addHandler(context);
            }
            jetty.setHandler(contexts);
            jetty.start();
        } catch (Exception e) {
            sip.stop(Duration.ZERO);
            throw e;
        }
        return new SipServerWithJetty(sip, jetty);
    }

    int httpPort() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    String wsUri(String path) {
        return "ws://127.0.0.1:" + httpPort() + path;
    }

    Connector wsConnector() {
        return sip.connectors().stream().filter(c -> c.transport().equals("ws")).findFirst()
                .orElseThrow(() -> new AssertionError("no ws connector in " + sip.connectors()));
    }

    @Override
    public void close() throws Exception {
        try {
            sip.stop(Duration.ZERO);
        } finally {
            jetty.stop();
        }
    }
}
