package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Response;

import org.example.testapps.HeldAnswerServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerProcess;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.server.Main;

/**
 * The launcher as an operator runs it, in its own JVM: bad configuration stops the start with the
 * file, line and reason; SIGTERM drains (a call in flight completes, new requests get 503) and
 * exits cleanly.
 */
class LauncherTest {
    @TempDir
    Path home;

    private Process launch(Path conf) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                conf.toString()))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("server.out").toFile())
                .start();
    }

    private String output() throws IOException {
        return Files.readString(home.resolve("server.out"), StandardCharsets.UTF_8);
    }

    @Test
    void badConfigurationFailsAtStartWithFileLineAndReason() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("sipcontainer.cfg"), "# test\nlisten = udpx:127.0.0.1:5999\n");
        Process p = launch(conf);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher exits");
        assertEquals(2, p.exitValue());
        String out = output();
        assertTrue(out.contains("sipcontainer.cfg:2:") && out.contains("udpx"), out);
    }

    /**
     * The README's run command goes through bin/sipcontainer: it finds the built jar from its own
     * place, passes the configuration folder on and adds the JVM settings it documents (the heap
     * flag is visible in the JVM's own report of its flags).
     */
    @Test
    void theLaunchScriptStartsTheJarWithItsJvmSettingsAndReportsBadConfiguration() throws Exception {
        Path script = Path.of("..", "bin", "sipcontainer").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(script), script + " is executable");
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("sipcontainer.cfg"), "# test\nlisten = udpx:127.0.0.1:5999\n");
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString(), conf.toString()))
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("SIPCONTAINER_HEAP", "96m");
        pb.environment().put("JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher exits");
        String out = output();
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("sipcontainer.cfg:2:") && out.contains("udpx"), out);
        assertTrue(out.contains("-XX:MaxHeapSize=100663296") && out.contains("-XX:InitialHeapSize=100663296"),
                "the heap is fixed as the script says: " + out);
        assertTrue(out.contains("-XX:+UseShenandoahGC") || out.contains("-XX:+UseG1GC"),
                "the collector chosen by measurement (G1 where the JDK has no Shenandoah): " + out);
    }

    /**
     * Without SIPCONTAINER_HEAP the heap is a quarter of the memory (the cgroup's limit when lower),
     * kept within 1-4 GB and at most half of it: read from the command line the script builds, with a
     * stand-in java that records its arguments (a real JVM would pre-touch gigabytes here).
     */
    @Test
    void theDefaultHeapIsAQuarterOfTheMemoryWithinOneToFourGigabytes() throws Exception {
        Path script = Path.of("..", "bin", "sipcontainer").toAbsolutePath().normalize();
        Path args = home.resolve("java-args.txt");
        Path fakeJava = home.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"$@\" >> '" + args + "'\n");
        assertTrue(fakeJava.toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString(), home.toString()))
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("server.out").toFile());
        pb.environment().put("JAVA", fakeJava.toString());
        pb.environment().remove("SIPCONTAINER_HEAP");
        pb.environment().remove("SIPCONTAINER_JVM");
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher exits");
        String run = Files.readAllLines(args).stream().filter(l -> l.contains("-jar")).findFirst().orElseThrow();

        long kb = memoryKb();
        long mb = Math.min(Math.max(kb / 4096, 1024), 4096);
        mb = Math.min(mb, kb / 2048);
        assertTrue(run.contains("-Xms" + mb + "m -Xmx" + mb + "m"), "a fixed heap of " + mb + " MB: " + run);
    }

    /** The machine's memory in KB, or the cgroup's limit when lower (what the launcher reads). */
    private static long memoryKb() throws IOException {
        long kb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
        for (String file : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
            Path limit = Path.of(file);
            if (Files.isReadable(limit)) {
                String value = Files.readString(limit).trim();
                if (value.matches("\\d+")) { // "max" when unlimited (v2); v1 gives a huge number
                    kb = new BigInteger(value).shiftRight(10).min(BigInteger.valueOf(kb)).longValue();
                }
            }
        }
        return kb;
    }

    /**
     * The documented drain: after SIGTERM the server takes no new initial requests (503) but a call
     * in flight completes (its held 200 arrives, ACK and BYE go through), then the server stops.
     */
    @Test
    void sigtermLetsTheCallInFlightFinishAndRefusesNewRequestsWith503() throws Exception {
        String dar = DarText.route("INVITE", "held") + DarText.route("OPTIONS", "held");
        try (ServerProcess server = new ServerProcess(home, dar, "shutdown_timeout = 30");
                SipAgent caller = new SipAgent()) {
            SarBuilder.named("held.sar").sipXml(SarBuilder.sipXml("held", "held", HeldAnswerServlet.class.getName()))
                    .withClasses(HeldAnswerServlet.class).writeTo(server.deployDir());
            server.start();
            String target = "sip:held@127.0.0.1:" + server.udpAddress().getPort();
            assertEquals(200, options(caller, target).getStatusCode(), "answered before the drain");

            ClientTransaction invite = caller.send(caller.newRequest("INVITE", target, caller.uri("caller"), target));
            awaitStatus(caller, 180);
            server.sigterm();
            // the server is draining once a new initial request is refused
            Poll.until(() -> options(caller, target).getStatusCode() == 503, WAIT,
                    () -> "no 503 to a new request after SIGTERM:\n" + server.output());
            assertTrue(server.isAlive(), "still draining: the call is in flight");

            String callId = ((CallIdHeader) invite.getRequest().getHeader(CallIdHeader.NAME)).getCallId();
            Files.createFile(home.resolve(HeldAnswerServlet.releaseFile(callId)));
            Response ok = caller.awaitFinalResponse(invite, WAIT);
            assertEquals(200, ok.getStatusCode(), "the call in flight is answered during the drain");
            caller.sendAck(ok);
            Response byeOk = caller.awaitFinalResponse(caller.send(caller.newInDialogRequest(ok, "BYE")), WAIT);
            assertEquals(200, byeOk.getStatusCode(), "requests within the call still go through");

            assertEquals(143, server.awaitExit(Duration.ofSeconds(20)), "the JVM's exit status after SIGTERM");
            assertTrue(server.output().contains("sipcontainer stopped"), server.output());
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Response options(SipAgent agent, String target) {
        return agent.awaitFinalResponse(agent.send(agent.newRequest("OPTIONS", target, agent.uri("caller"), target)),
                WAIT);
    }

    /** Skips responses until one with {@code status} (e.g. the 180 after a 100 Trying). */
    private static void awaitStatus(SipAgent agent, int status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Integer> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Response r = agent.awaitResponse(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (r.getStatusCode() == status) {
                return;
            }
            seen.add(r.getStatusCode());
        }
        throw new AssertionError("no " + status + " within " + WAIT + "; seen " + seen);
    }
}
