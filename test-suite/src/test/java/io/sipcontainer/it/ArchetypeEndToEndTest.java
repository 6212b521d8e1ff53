package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.sip.header.ExtensionHeader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.MavenRun;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.PrivateMavenRepository;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.testkit.SipClient;

/**
 * Issue 18's "done when", as a new user goes through docs/guide.md from an empty folder: generate a
 * project from the archetype, build it and run its generated test ({@code mvn verify}), run it with
 * {@code mvn sipcontainer:run}, call it with SIPp, change the servlet, rebuild, and see the change
 * redeployed. Maven runs as child processes of this checkout's wrapper against a private local
 * repository holding this build's artifacts, third-party ones mirrored from the reactor's own
 * repository as a file: URL: nothing is installed into the shared one, nothing is downloaded.
 */
class ArchetypeEndToEndTest {
    private static final Duration MAVEN_LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    @Test
    void aGeneratedProjectBuildsTestsRunsAndRedeploys() throws Exception {
        Sipp.require();
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        PrivateMavenRepository repository = PrivateMavenRepository.create(dir, checkout, sharedRepository());
        MavenRun maven = new MavenRun(checkout, repository);

        maven.succeed(dir, MAVEN_LIMIT, "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate",
                "-DinteractiveMode=false", "-DarchetypeGroupId=io.sipcontainer",
                "-DarchetypeArtifactId=sipcontainer-archetype", "-DarchetypeVersion=" + PrivateMavenRepository.VERSION,
                "-DgroupId=org.example", "-DartifactId=hello", "-Dversion=1.0-SNAPSHOT", "-Dpackage=org.example.hello");
        Path project = dir.resolve("hello");

        String verify = maven.succeed(project, MAVEN_LIMIT, "verify", "-DargLine=" + MavenRun.FAST_START);
        assertTrue(verify.contains("Tests run: 1, Failures: 0, Errors: 0"), "the generated test ran:\n" + verify);
        Path sar = project.resolve("target/hello-1.0-SNAPSHOT.sar");
        assertTrue(Files.isRegularFile(sar), "sar packaging:\n" + verify);
        try (ZipFile archive = new ZipFile(sar.toFile())) {
            List<String> entries = archive.stream().map(ZipEntry::getName).toList();
            assertTrue(entries.contains("WEB-INF/classes/org/example/hello/HelloServlet.class"), entries.toString());
            assertTrue(entries.stream().noneMatch(e -> e.startsWith("WEB-INF/lib/")),
                    "the provided API and the test kit stay out of the archive: " + entries);
        }

        int port = FreePort.find();
        Path runLog = dir.resolve("run.log");
        // the goal prefix as the guide gives it: Maven finds the plugin in the generated pom
        Process run = maven.start(project, runLog, "sipcontainer:run", "-Dsipcontainer.sipPort=" + port,
                "-Dsipcontainer.httpPort=0");
        try {
            awaitLog(runLog, "sipcontainer running [hello]", 1);

            SippResult call = Sipp.builtIn("uac").remote(port).service("hello").calls(1).run();
            assertTrue(call.allSucceeded(), "SIPp's call: " + call);
            assertEquals("hello", greeting(port));

            Path servlet = project.resolve("src/main/java/org/example/hello/HelloServlet.java");
            String source = Files.readString(servlet, StandardCharsets.UTF_8);
            Files.writeString(servlet, source.replace("GREETING = \"hello\"", "GREETING = \"changed\""));
            maven.succeed(project, MAVEN_LIMIT, "compile");
            awaitLog(runLog, "Deployed hello", 2);
            assertEquals("changed", greeting(port));
        } finally {
            run.destroy(); // SIGTERM: the plugin's shutdown hook stops the container
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
    }

    /** The X-Greeting of the running application's answer to OPTIONS. */
    private static String greeting(int port) {
        try (SipClient client = new SipClient()) {
            var ok = client.send(client.request("OPTIONS", "sip:hello@127.0.0.1:" + port)).expect(200);
            return ((ExtensionHeader) ok.getHeader("X-Greeting")).getValue();
        }
    }

    /** Waits until {@code text} appears {@code times} times in the run goal's output. */
    private static void awaitLog(Path log, String text, int times) {
        Poll.until(() -> MavenRun.read(log).split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times,
                MAVEN_LIMIT, () -> "'" + text + "' x" + times + " in the run goal's output:\n" + MavenRun.tail(log));
    }

    private static Path sharedRepository() {
        String configured = System.getProperty("sipcontainer.localRepository");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
