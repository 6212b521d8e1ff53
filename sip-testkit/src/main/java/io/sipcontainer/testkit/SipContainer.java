package io.sipcontainer.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import jakarta.servlet.sip.SipApplicationSession;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.config.Transport;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.server.SipServer;
import io.sipcontainer.service.Statistics;

/**
 * One embedded container for a test class ({@link SipContainerTest}): its addresses, the deployed
 * applications, the live application sessions and the statistics, and {@link #await} for state that
 * changes after a message was answered. Everything lives in a temporary base folder
 * ({@code deploy/}, {@code work/}, {@code conf/dar.properties}), deleted on {@link #close()}.
 */
public final class SipContainer implements AutoCloseable {

    /** How long {@link #await} and {@link #awaitDeployed} wait unless told otherwise. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    /** In-flight work gets this long at the end of a test class: long enough for a last answer to leave. */
    private static final Duration STOP_DRAIN = Duration.ofMillis(500);

    private final Path baseDir;
    private final SipServer server;

    private SipContainer(Path baseDir, SipServer server) {
        this.baseDir = baseDir;
        this.server = server;
    }

    /**
     * Starts a container in {@code baseDir}, whose {@code deploy/} folder already holds the
     * applications and {@code conf/dar.properties} the DAR; returns once they are deployed.
     */
    static SipContainer start(Path baseDir) throws Exception {
        ServerConfig config = ServerConfig.builder()
                .baseDir(baseDir)
                .listen(Transport.UDP, "127.0.0.1", 0)
                .listen(Transport.TCP, "127.0.0.1", 0)
                .httpListen("127.0.0.1", 0)
                .deployDir(baseDir.resolve("deploy"))
                .workDir(baseDir.resolve("work"))
                .darFile(baseDir.resolve("conf").resolve("dar.properties"))
                .deployScanInterval(Duration.ofMillis(200))
                .build();
        SipServer server = new SipServer(config);
        server.start();
        if (!server.deploymentRefusals().isEmpty()) { // fail here with the reason, not later with a 404
            String reasons = server.deploymentRefusals().toString();
            server.stop(Duration.ZERO);
            throw new IllegalStateException("applications under test refused: " + reasons);
        }
        return new SipContainer(baseDir, server);
    }

    /** {@code sip:user@127.0.0.1:port}: a request sent there reaches the container over UDP. */
    public String sipUri(String user) {
        InetSocketAddress udp = udpAddress();
        return "sip:" + user + "@" + udp.getHostString() + ":" + udp.getPort();
    }

    public InetSocketAddress udpAddress() {
        return server.address("udp");
    }

    public InetSocketAddress tcpAddress() {
        return server.address("tcp");
    }

    /** An {@code http://127.0.0.1:port/path} URI of the container's HTTP server (converged applications). */
    public URI httpUri(String path) {
        return server.services().get(HttpInfo.class).uri("http", path);
    }

    /** Names of the deployed applications. */
    public List<String> applications() {
        return server.applications().names();
    }

    /** The application sessions alive now, of every application. */
    public List<SipApplicationSession> applicationSessions() {
        return new ArrayList<>(server.sessions().all());
    }

    /** The container's statistics, e.g. {@code statistics().snapshot("sl:")}. */
    public Statistics statistics() {
        return server.services().get(Statistics.class);
    }

    /**
     * A container service of {@code io.sipcontainer.service} (e.g. {@code LocationService}), the
     * same object applications get with {@code Services.get(servletContext, type)}.
     */
    public <T> T service(Class<T> type) {
        return server.services().get(type);
    }

    /** The current value of one statistic, {@code group:name}, 0 when it does not exist. */
    public long statistic(String groupAndName) {
        return statistics().snapshot(groupAndName).getOrDefault(groupAndName, 0L);
    }

    /**
     * Copies a {@code .sar} file or an exploded application folder into the deploy folder, where
     * the running container picks it up (as on a live server); wait with {@link #awaitDeployed}.
     */
    public Path deploy(Path sarOrFolder) {
        String name = sarOrFolder.getFileName().toString();
        Path target = deployDir().resolve(name.endsWith(".sar") ? name : name + ".sar");
        if (Files.isDirectory(sarOrFolder)) {
            ExplodedApp.copyTree(sarOrFolder, target);
        } else {
            copyFile(sarOrFolder, target);
        }
        return target;
    }

    /** Waits until an application of that name is deployed. */
    public void awaitDeployed(String appName) {
        await(() -> applications().contains(appName),
                "application '" + appName + "' deployed (deployed: " + applications() + ")");
    }

    /**
     * Returns as soon as {@code condition} holds, checking every 10 ms; fails the test after
     * {@link #DEFAULT_WAIT} naming {@code what} was awaited.
     */
    public void await(BooleanSupplier condition, String what) {
        Await.until(condition, DEFAULT_WAIT, what);
    }

    /** The deploy folder the container watches. */
    public Path deployDir() {
        return baseDir.resolve("deploy");
    }

    /** The server itself, for what this class does not cover (container internals may change). */
    public SipServer server() {
        return server;
    }

    /** Stops the container and deletes its temporary folder. */
    @Override
    public void close() {
        server.stop(STOP_DRAIN);
        deleteTree(baseDir);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void copyFile(Path from, Path to) {
        try {
            // under a hidden name first: the deploy watcher never sees a half-written archive
            Path temp = Files.createTempFile(to.getParent(), ".", ".tmp");
            Files.copy(from, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }
}
