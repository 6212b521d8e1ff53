package io.sipcontainer.ws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import org.eclipse.jetty.server.Server;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.config.Transport;
import io.sipcontainer.server.SipServer;
import io.sipcontainer.transport.Connector;

/**
 * A SIP server on ephemeral loopback ports whose HTTP component (Jetty, ephemeral port) serves the
 * WebSocket transport, as in production.
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
        SipServer sip = new SipServer(adjust.apply(builder.httpListen("127.0.0.1", 0)).build());
        sip.start();
        return new SipServerWithJetty(sip, null);
    }

    int httpPort() {
        return sip.services().get(io.sipcontainer.http.HttpInfo.class).port();
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
        sip.stop(Duration.ZERO);
    }
}
