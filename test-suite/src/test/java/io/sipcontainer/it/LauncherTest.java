package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.server.Main;

/**
 * The launcher as an operator runs it, in its own JVM: bad configuration stops the start with the
 * file, line and reason; SIGTERM drains and exits cleanly.
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

    @Test
    void sigtermStopsTheServerCleanly() throws Exception {
        int port = FreePort.find();
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("dar.properties"), "");
        Files.writeString(conf.resolve("sipcontainer.cfg"), "listen = udp:127.0.0.1:" + port + "\n"
                + "listen = tcp:127.0.0.1:" + port + "\nshutdown_timeout = 5\n"
                + "http_listen = 127.0.0.1:" + FreePort.find() + "\n");
        Process p = launch(conf);
        try {
            Poll.until(() -> {
                try {
                    return output().contains("sipcontainer started");
                } catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(30), () -> "the server starts");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server exits after SIGTERM");
            String out = output();
            assertTrue(out.contains("sipcontainer stopped"), out);
            assertEquals(143, p.exitValue(), "the JVM's exit status after SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }
}
