package io.sipcontainer.maven;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.config.Transport;
import io.sipcontainer.server.SipServer;

/**
 * {@code mvn sipcontainer:run}: compiles the project, starts an embedded container with the
 * project's application deployed from {@code target/} and keeps it running until Maven is
 * stopped (Ctrl-C). When the application is rebuilt ({@code mvn compile} in another terminal, or
 * an IDE writing {@code target/classes}) or {@code src/main/sar} changes, the archive is written
 * again and the container redeploys it, the way {@code jetty:run} serves a web application.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class RunMojo extends AbstractMojo {

    /** Methods the generated DAR routes to the application when no DAR is configured. */
    static final List<String> DEFAULT_DAR_METHODS =
            List.of("INVITE", "MESSAGE", "OPTIONS", "REGISTER", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER");

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** The folder whose content goes to the archive's root (sip.xml, web.xml, web files). */
    @Parameter(defaultValue = "${project.basedir}/src/main/sar")
    private File sarSourceDirectory;

    /** The address the SIP (UDP and TCP) and HTTP sockets bind. */
    @Parameter(property = "sipcontainer.host", defaultValue = "127.0.0.1")
    private String host;

    /** The SIP port, UDP and TCP (0: any free port, printed at start). */
    @Parameter(property = "sipcontainer.sipPort", defaultValue = "5060")
    private int sipPort;

    /** The HTTP port for converged applications (0: any free port). */
    @Parameter(property = "sipcontainer.httpPort", defaultValue = "8080")
    private int httpPort;

    /** The application's name, for the generated DAR (its @SipApplication name or sip.xml app-name). */
    @Parameter(property = "sipcontainer.appName", defaultValue = "${project.artifactId}")
    private String appName;

    /**
     * A DAR file ({@code conf/dar.properties} syntax). Without it, {@link #DEFAULT_DAR_METHODS} are
     * all routed to {@link #appName}.
     */
    @Parameter(property = "sipcontainer.darFile")
    private File darFile;

    /** How often {@code target/classes} and {@code src/main/sar} are checked for a rebuild. */
    @Parameter(property = "sipcontainer.scanIntervalMillis", defaultValue = "500")
    private long scanIntervalMillis;

    /** Where the container keeps its deploy, work and conf folders. */
    @Parameter(defaultValue = "${project.build.directory}/sipcontainer")
    private File runDirectory;

    @Override
    public void execute() throws MojoExecutionException {
        Path base = runDirectory.toPath().toAbsolutePath();
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        Path sar = base.resolve("deploy").resolve(project.getArtifactId() + ".sar");
        SarWriter writer = new SarWriter(classes, sarSourceDirectory.toPath(), Libraries.runtime(project));
        SipServer server;
        try {
            Files.createDirectories(base.resolve("deploy"));
            Path dar = writeDar(base.resolve("conf").resolve("dar.properties"));
            writer.write(sar);
            server = new SipServer(ServerConfig.builder()
                    .baseDir(base)
                    .listen(Transport.UDP, host, sipPort)
                    .listen(Transport.TCP, host, sipPort)
                    .httpListen(host, httpPort)
                    .deployDir(base.resolve("deploy"))
                    .workDir(base.resolve("work"))
                    .darFile(dar)
                    .deployScanInterval(Duration.ofMillis(200))
                    .build());
            server.start();
        } catch (Exception e) {
            throw new MojoExecutionException("cannot start the container: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "sipcontainer-run-stop"));
        // keep running: the user fixes the application and recompiles, and the redeploy is retried
        server.deploymentRefusals().forEach((archive, reason) ->
                getLog().warn("sipcontainer refused " + archive.getFileName() + ": " + reason));
        InetSocketAddress udp = server.address("udp");
        getLog().info("sipcontainer running " + server.applications().names() + " on sip:" + udp.getHostString() + ":"
                + udp.getPort() + " (UDP, TCP); watching " + classes + " and " + sarSourceDirectory
                + " for changes; Ctrl-C stops");
        watch(writer, sar, classes);
    }

    /** Rewrites the archive whenever the classes or src/main/sar changed and then held still for one scan. */
    private void watch(SarWriter writer, Path sar, Path classes) {
        Path sarSources = sarSourceDirectory.toPath();
        Fingerprint deployed = Fingerprint.of(classes, sarSources);
        Fingerprint previous = deployed;
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(Duration.ofMillis(scanIntervalMillis).toNanos());
            Fingerprint now = Fingerprint.of(classes, sarSources);
            // a compiler writes several files: wait until two scans agree before packaging
            if (!now.equals(deployed) && now.equals(previous)) {
                try {
                    writer.write(sar);
                    deployed = now;
                    getLog().info("sipcontainer: " + classes + " changed, redeploying " + sar.getFileName());
                } catch (IOException e) {
                    getLog().warn("cannot write " + sar + ": " + e.getMessage());
                }
            }
            previous = now;
        }
    }

    private Path writeDar(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (darFile != null) {
            return Files.copy(darFile.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder dar = new StringBuilder("# written by sipcontainer:run: every method to ").append(appName).append('\n');
        for (String method : DEFAULT_DAR_METHODS) {
            dar.append(method).append(": (\"").append(appName)
                    .append("\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n");
        }
        return Files.writeString(target, dar, StandardCharsets.UTF_8);
    }
}
