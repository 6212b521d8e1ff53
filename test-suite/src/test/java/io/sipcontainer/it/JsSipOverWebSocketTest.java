package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.message.Request;

import org.example.testapps.WsRelayServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.RequiredTools;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.WebSocketEndpoint;

/**
 * A real browser SIP library against the server: JsSIP (MIT, installed from the npm registry into
 * {@code target/jssip} on first run) in Node.js registers over {@code ws://}, exchanges a MESSAGE
 * each way with a UDP agent through the relay application, and unregisters. Skipped where Node.js
 * or npm is not installed, failed there when {@code CI=true}.
 */
class JsSipOverWebSocketTest {
    private static final Path NODE_DIR = Path.of("target", "jssip").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NODE_HINT = "install Node.js 20 or later with npm: apt-get install nodejs npm";

    @TempDir
    Path home;
    private ServerFixture fixture;
    private WebSocketEndpoint endpoint;
    private SipAgent agent;
    private Process node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.destroyForcibly();
        }
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void jsSipRegistersOverWebSocketAndExchangesMessagesWithAUdpAgent() throws Exception {
        startRelay(b -> b);
        endpoint = WebSocketEndpoint.of(fixture.server());
        registerAndExchangeMessages(endpoint.uri(), null);
    }

    /**
     * The same over {@code wss://}: HTTPS presents the tls.* certificate (made by keytool), which
     * Node.js trusts through NODE_EXTRA_CA_CERTS and checks against the address it connects to.
     */
    @Test
    void jsSipRegistersOverSecureWebSocketAndExchangesMessagesWithAUdpAgent() throws Exception {
        io.sipcontainer.it.support.TestCertificates.Issued cert = io.sipcontainer.it.support.TestCertificates
                .selfSigned(home.resolve("conf"), "server", "sip.example.org", "dns:sip.example.org,ip:127.0.0.1");
        startRelay(b -> b.moduleParam("tls.tls_certificate", "conf/server.crt.pem")
                .moduleParam("tls.tls_private_key", "conf/server.key.pem")
                .moduleParam("http.tls_listen", "127.0.0.1:0"));
        int wssPort = fixture.server().connectors().stream().filter(c -> c.transport().equals("wss")).findFirst()
                .orElseThrow(() -> new AssertionError("no wss transport")).port();
        registerAndExchangeMessages("wss://127.0.0.1:" + wssPort + "/", cert.certificatePem());
    }

    private void startRelay(java.util.function.UnaryOperator<io.sipcontainer.config.ServerConfig.Builder> settings)
            throws Exception {
        RequiredTools.tool("node", NODE_HINT);
        RequiredTools.tool("npm", NODE_HINT);
        installJsSip();
        fixture = new ServerFixture(home).dar(DarText.route("REGISTER", "relay") + DarText.route("MESSAGE", "relay"))
                .configure(settings);
        fixture.deploy(SarBuilder.named("relay.sar")
                .sipXml(SarBuilder.sipXml("relay", "relay", WsRelayServlet.class.getName()))
                .withClasses(WsRelayServlet.class));
        fixture.start();
    }

    /** Runs client.js against {@code wsUri}; {@code trustedPem}, when given, is the extra CA Node.js trusts. */
    private void registerAndExchangeMessages(String wsUri, Path trustedPem) throws Exception {
        agent = new SipAgent();
        String server = "127.0.0.1:" + fixture.udpPort();

        ProcessBuilder builder = new ProcessBuilder("node", "--experimental-websocket", "client.js", wsUri,
                "sip:jssip@" + server, agent.uri("agent")).directory(NODE_DIR.toFile()).redirectErrorStream(true);
        if (trustedPem != null) {
            builder.environment().put("NODE_EXTRA_CA_CERTS", trustedPem.toString());
        }
        node = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(node.getInputStream(), lines), "jssip-output");
        reader.setDaemon(true);
        reader.start();

        assertEquals("registered", nextEvent(lines));
        RequestEvent fromJsSip = agent.awaitRequest("MESSAGE", WAIT);
        assertEquals("hello from jssip", new String(fromJsSip.getRequest().getRawContent(), StandardCharsets.UTF_8));
        agent.respond(fromJsSip, 200);
        assertEquals("message-sent", nextEvent(lines));

        Request toJsSip = agent.newRequest("MESSAGE", "sip:jssip@" + server, agent.uri("agent"), "sip:jssip@" + server);
        toJsSip.setContent("hello from udp", javax.sip.SipFactory.getInstance().createHeaderFactory()
                .createContentTypeHeader("text", "plain"));
        ClientTransaction sent = agent.send(toJsSip);
        assertEquals(200, agent.awaitFinalResponse(sent, WAIT).getStatusCode());
        assertEquals("received: hello from udp", nextEvent(lines));
        assertEquals("unregistered", nextEvent(lines));
        assertTrue(node.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "JsSIP exits once done");
        assertEquals(0, node.exitValue());
    }

    /** The next line JsSIP's script printed, skipping library noise; fails on its "error:" lines. */
    private static String nextEvent(BlockingQueue<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("JsSIP printed nothing more within " + WAIT);
            }
            if (line.startsWith("error:")) {
                throw new AssertionError("JsSIP: " + line);
            }
            if (List.of("registered", "message-sent", "unregistered").contains(line) || line.startsWith("received: ")) {
                return line;
            }
        }
    }

    private static void readLines(InputStream in, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("error: output lost: " + e);
        }
    }

    /** Copies the script and package.json to target/jssip and installs JsSIP there unless already present. */
    private static void installJsSip() throws Exception {
        Files.createDirectories(NODE_DIR);
        for (String file : List.of("client.js", "package.json")) {
            try (InputStream in = JsSipOverWebSocketTest.class.getResourceAsStream("/jssip/" + file)) {
                Files.copy(in, NODE_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.isDirectory(NODE_DIR.resolve("node_modules/jssip"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm install of JsSIP failed: " + output);
    }
}
