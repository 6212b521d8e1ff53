package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.PrometheusText;
import io.sipcontainer.it.support.RequiredTools;
import io.sipcontainer.it.support.SipAgent;

/**
 * The distribution archive the build makes ({@code distribution/target/sipcontainer-VERSION.tar.gz})
 * as an operator uses it: unpacked into an empty folder, started with {@code bin/sipcontainer start}
 * (on free ports given as key=value arguments), it answers SIP OPTIONS, {@code /metrics} and
 * {@code bin/sipctl}; {@code status} says it runs and {@code stop} stops it, with its data and logs
 * under the unpacked folder. The systemd unit passes {@code systemd-analyze verify}; the Dockerfile
 * can only be checked for what it refers to (no Docker here): its base image and that every file it
 * copies or runs is in the archive.
 */
class DistributionArchiveTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private Path home;

    @BeforeEach
    void unpack() throws Exception {
        String version = System.getProperty("sipcontainer.version");
        assertTrue(version != null, "the build passes sipcontainer.version (test-suite/pom.xml)");
        String name = "sipcontainer-" + version + ".tar.gz";
        Path archive = Path.of("..", "distribution", "target", name).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(archive), archive + " is built by the distribution module");
        Result tar = run(tmp, List.of("tar", "xzf", archive.toString()), 60);
        assertEquals(0, tar.status(), tar.output());
        home = tmp.resolve(name.substring(0, name.length() - ".tar.gz".length()));
        assertTrue(Files.isDirectory(home), "the archive unpacks into " + home.getFileName());
    }

    @AfterEach
    void killLeftovers() throws IOException {
        Path pidFile = home == null ? null : home.resolve("data/sipcontainer.pid");
        if (pidFile != null && Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theArchiveHoldsTheServerItsToolsConfigurationAndDefaultApplications() {
        for (String tool : List.of("bin/sipcontainer", "bin/sipctl")) {
            assertTrue(Files.isExecutable(home.resolve(tool)), tool + " is executable");
        }
        for (String file : List.of("lib/sipcontainer.jar", "conf/sipcontainer.cfg", "conf/dar.properties",
                "conf/logback.xml", "deploy/registrar.sar", "deploy/proxy.sar", "deploy/options.sar",
                "systemd/sipcontainer.service", "Dockerfile", "README.md")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file + " is in the archive");
        }
        assertFalse(Files.exists(home.resolve("data")), "no data of the build machine");
    }

    @Test
    void startServesSipMetricsAndSipctlStatusSaysRunningAndStopStopsIt() throws Exception {
        int sip = FreePort.find();
        int http = FreePort.find();
        Result start = script(List.of("start", "listen=udp:127.0.0.1:" + sip + ",tcp:127.0.0.1:" + sip,
                "http_listen=127.0.0.1:" + http), 120);
        assertEquals(0, start.status(), start.output() + log());
        assertTrue(start.output().contains("sipcontainer started"), start.output());
        long pid = Long.parseLong(Files.readString(home.resolve("data/sipcontainer.pid")).strip());

        try (SipAgent agent = new SipAgent()) {
            String target = "sip:127.0.0.1:" + sip;
            Response r = agent.awaitFinalResponse(agent.send(agent.newRequest("OPTIONS", target, agent.uri("probe"),
                    target)), WAIT);
            assertEquals(200, r.getStatusCode(), "the shipped applications answer OPTIONS to the server");
        }
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http + "/metrics")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        PrometheusText scrape = PrometheusText.parse(metrics.body());
        assertTrue(scrape.require("sipcontainer_core_rcv_requests_options_total") >= 1, "the OPTIONS is counted");

        Result sipctl = run(home, List.of("bin/sipctl", "--url", "http://127.0.0.1:" + http + "/RPC", "rpc",
                "core.version"), 60);
        assertEquals(0, sipctl.status(), sipctl.output());
        assertTrue(sipctl.output().contains("sipcontainer"), "sipctl finds its libraries and the token: " + sipctl.output());

        Result status = script(List.of("status"), 30);
        assertEquals(0, status.status(), status.output());
        assertTrue(status.output().contains("running (pid " + pid + ")"), status.output());
        assertEquals(1, script(List.of("start"), 30).output().split("already running", -1).length - 1,
                "a second start sees the first");

        Result stop = script(List.of("stop"), 90);
        assertEquals(0, stop.status(), stop.output());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the JVM has exited");
        assertEquals(3, script(List.of("status"), 30).status(), "status after stop: not running (LSB 3)");
        assertFalse(Files.exists(home.resolve("data/sipcontainer.pid")), "the pid file is removed");

        // everything the server wrote is under the unpacked folder
        assertTrue(Files.isRegularFile(home.resolve("data/rpc.token")));
        assertTrue(Files.isRegularFile(home.resolve("logs/sipcontainer.log")));
        assertTrue(log().contains("sipcontainer stopped"), log());
    }

    @Test
    void theSystemdUnitVerifies() throws Exception {
        Path analyze = RequiredTools.tool("systemd-analyze", "apt-get install systemd");
        // the unit names /opt/sipcontainer; point it at the unpacked copy so its paths exist
        String unit = Files.readString(home.resolve("systemd/sipcontainer.service"))
                .replace("/opt/sipcontainer", home.toString());
        Path copy = Files.writeString(tmp.resolve("sipcontainer.service"), unit);
        Result verify = run(tmp, List.of(analyze.toString(), "verify", copy.toString()), 60);
        assertEquals(0, verify.status(), verify.output());
        assertTrue(unit.contains("ExecStart=" + home + "/bin/sipcontainer " + home + "/conf"), unit);
    }

    @Test
    void theDockerfileBuildsOnDebianFromFilesInTheArchive() throws Exception {
        List<String> instructions = new ArrayList<>();
        for (String line : Files.readAllLines(home.resolve("Dockerfile"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (!instructions.isEmpty() && instructions.get(instructions.size() - 1).endsWith("\\")) {
                String last = instructions.remove(instructions.size() - 1);
                instructions.add(last.substring(0, last.length() - 1) + " " + l);
            } else {
                instructions.add(l);
            }
        }
        assertTrue(instructions.get(0).matches("FROM debian:[a-z0-9.-]+"), "a Debian base image: " + instructions.get(0));
        int copies = 0;
        for (String i : instructions) {
            String[] words = i.split("\\s+");
            String keyword = words[0];
            assertTrue(List.of("FROM", "RUN", "COPY", "USER", "WORKDIR", "VOLUME", "EXPOSE", "ENV", "STOPSIGNAL",
                    "ENTRYPOINT", "CMD").contains(keyword), "a Dockerfile instruction: " + i);
            if (keyword.equals("COPY") || keyword.equals("ADD")) {
                copies++;
                for (int w = 1; w < words.length - 1; w++) {
                    if (!words[w].startsWith("--")) {
                        assertTrue(Files.exists(home.resolve(words[w])), words[w] + " (" + i + ") is in the archive");
                    }
                }
            }
            if (keyword.equals("ENTRYPOINT") || keyword.equals("CMD")) {
                for (String arg : i.substring(keyword.length()).replaceAll("[\\[\\]\"]", "").split(",")) {
                    String a = arg.strip();
                    if (a.startsWith("/opt/sipcontainer/")) {
                        assertTrue(Files.exists(home.resolve(a.substring("/opt/sipcontainer/".length()))), a);
                    }
                }
            }
        }
        assertEquals(4, copies, "bin, lib, conf and deploy are copied");
        assertTrue(instructions.stream().anyMatch(i -> i.contains("openjdk-17-jre-headless")), "a Java 17 runtime");
        assertTrue(Files.readString(home.resolve(".dockerignore")).contains("data/"), "no local data in the image");
    }

    private record Result(int status, String output) {
    }

    private Result script(List<String> args, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/sipcontainer").toString()));
        command.addAll(args);
        return run(home, command, seconds);
    }

    /** Runs a command in {@code dir} with this JVM as JAVA and a small heap; its output in a file (a server it starts keeps running). */
    private Result run(Path dir, List<String> command, int seconds) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("SIPCONTAINER_HEAP", "128m");
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private String log() throws IOException {
        Path out = home.resolve("logs/sipcontainer.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "(no logs/sipcontainer.out)";
    }
}
