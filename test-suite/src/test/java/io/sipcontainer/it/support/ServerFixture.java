package io.sipcontainer.it.support;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.config.Transport;
import io.sipcontainer.server.SipServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A whole server for one end-to-end test, in a temporary base directory (typically a JUnit
 * {@code @TempDir}): {@code deploy/}, {@code work/} and {@code conf/dar.properties} under it, SIP
 * on ephemeral UDP and TCP ports of 127.0.0.1, HTTP on an ephemeral port too, and a deploy scan
 * every 200 ms. Archives put in {@link #deployDir()} before {@link #start()} are deployed at
 * start-up, later ones by the watcher.
 * Create and start it in {@code @BeforeEach} (or in the test), {@link #close()} it in
 * {@code @AfterEach}; closing twice, or without starting, is harmless.
 */
public final class ServerFixture implements AutoCloseable {

    /** The deploy scan interval used unless {@link #configure} changes it. */
    public static final Duration SCAN_INTERVAL = Duration.ofMillis(200);
    /**
     * How long {@link #close()} lets in-flight work drain, as the testkit's {@code SipContainer}: a
     * test that ends with a call still up (a held call, a dialog left confirmed) waits all of it,
     * since nothing will end that call; 2 s made such a stop cost 2 s, tens of times a run.
     */
    public static final Duration STOP_DRAIN = Duration.ofMillis(500);

    private final Path baseDir;
    private final Path deployDir;
    private final Path workDir;
    private final Path darFile;
    private UnaryOperator<ServerConfig.Builder> customizer = UnaryOperator.identity();
    private int sipPort;
    private boolean defaultListens = true;
    private SipServer server;

    /** Prepares the directories under {@code baseDir} and an empty DAR file; does not start anything. */
    public ServerFixture(Path baseDir) {
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath();
        this.deployDir = this.baseDir.resolve("deploy");
        this.workDir = this.baseDir.resolve("work");
        this.darFile = this.baseDir.resolve("conf").resolve("dar.properties");
        try {
            Files.createDirectories(deployDir);
            Files.createDirectories(workDir);
            Files.createDirectories(darFile.getParent());
            if (!Files.exists(darFile)) {
                Files.writeString(darFile, "", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + this.baseDir, e);
        }
    }

    /** A fixture with this DAR text, already started. */
    public static ServerFixture started(Path baseDir, String darText) throws Exception {
        return new ServerFixture(baseDir).dar(darText).start();
    }

    /**
     * A started server with one application, {@code appName}, of one servlet ({@code servlet}, named
     * as the application, loaded on start-up), to which initial {@code method} requests are routed
     * ({@link DarText#route}); returns once the application is deployed.
     */
    public static ServerFixture startedWithServlet(Path baseDir, String method, String appName, Class<?> servlet)
            throws Exception {
        ServerFixture fixture = new ServerFixture(baseDir).dar(DarText.route(method, appName));
        fixture.deploy(SarBuilder.named(appName + ".sar").sipXml(SarBuilder.sipXml(appName, appName, servlet.getName()))
                .withClasses(servlet));
        fixture.start();
        fixture.awaitDeployed(appName, DEPLOY_WAIT);
        return fixture;
    }

    /** How long {@link #startedWithServlet} waits for its application. */
    private static final Duration DEPLOY_WAIT = Duration.ofSeconds(5);

    /** Writes the DAR file (see {@link DarText}); the router reads it at start. */
    public ServerFixture dar(String darText) {
        try {
            Files.writeString(darFile, darText, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + darFile, e);
        }
        return this;
    }

    /**
     * SIP on this port of 127.0.0.1 (UDP and TCP) instead of an ephemeral one, for a test that
     * restarts the server under clients that keep its address (see {@link FreePort}).
     */
    public ServerFixture sipPort(int port) {
        this.sipPort = port;
        return this;
    }

    /** Adjusts the configuration before start, after the fixture's own settings. */
    /**
     * No UDP and TCP sockets of the fixture's own on 127.0.0.1: only those {@link #configure} adds
     * (for a test of what one listener alone does, e.g. a wildcard one).
     */
    public ServerFixture withoutDefaultListens() {
        this.defaultListens = false;
        return this;
    }

    public ServerFixture configure(UnaryOperator<ServerConfig.Builder> adjustment) {
        this.customizer = Objects.requireNonNull(adjustment, "adjustment");
        return this;
    }

    /** Starts the server; returns once its sockets are bound and archives present now are deployed. */
    public ServerFixture start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServerConfig.Builder builder = ServerConfig.builder().baseDir(baseDir);
        if (defaultListens) {
            builder.listen(Transport.UDP, "127.0.0.1", sipPort).listen(Transport.TCP, "127.0.0.1", sipPort);
        }
        builder.httpListen("127.0.0.1", 0)
                .deployDir(deployDir)
                .workDir(workDir)
                .darFile(darFile)
                .deployScanInterval(SCAN_INTERVAL);
        SipServer s = new SipServer(customizer.apply(builder).build());
        s.start();
        server = s;
        return this;
    }

    /** The running server. */
    public SipServer server() {
        if (server == null) {
            throw new IllegalStateException("the server is not started");
        }
        return server;
    }

    public InetSocketAddress udpAddress() {
        return server().address("udp");
    }

    public InetSocketAddress tcpAddress() {
        return server().address("tcp");
    }

    public int udpPort() {
        return udpAddress().getPort();
    }

    public int tcpPort() {
        return tcpAddress().getPort();
    }

    public Path baseDir() {
        return baseDir;
    }

    public Path deployDir() {
        return deployDir;
    }

    public Path workDir() {
        return workDir;
    }

    public Path darFile() {
        return darFile;
    }

    /** Writes {@code sar} into the deploy directory (atomically) and returns its path. */
    public Path deploy(SarBuilder sar) {
        return sar.writeTo(deployDir);
    }

    /** Waits until an application called {@code appName} is deployed. */
    public void awaitDeployed(String appName, Duration timeout) {
        Poll.until(() -> server().applications().names().contains(appName), timeout,
                () -> "application '" + appName + "' not deployed; deployed: " + server().applications().names());
    }

    /** Waits until no application called {@code appName} is deployed. */
    public void awaitUndeployed(String appName, Duration timeout) {
        Poll.until(() -> !server().applications().names().contains(appName), timeout,
                () -> "application '" + appName + "' still deployed");
    }

    /** Stops the server (draining for {@link #STOP_DRAIN}) if it was started; idempotent. */
    @Override
    public void close() {
        SipServer s = server;
        server = null;
        if (s != null) {
            s.stop(STOP_DRAIN);
        }
    }
}
