package io.sipcontainer.it.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The real rtpengine media relay ({@code rtpengine} on PATH, Debian package rtpengine-daemon) for a
 * test: userspace only ({@code --table=-1}, no kernel module), on 127.0.0.1, its ng control port
 * and a range of RTP ports of its own, in the foreground with its log in a file of the test's
 * directory (printed when it does not come up). {@link #start} returns once it answers an ng
 * {@code ping}; {@link #close} stops it and waits for it to exit. Without rtpengine the test is
 * skipped, or fails when {@code CI=true} (see {@link RequiredTools}).
 */
public final class RtpengineDaemon implements AutoCloseable {
    private static final String INSTALL_HINT = "install rtpengine: apt-get install rtpengine-daemon";
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final int PORTS = 100;

    private final Process process;
    private final int ngPort;
    private final int portMin;
    private final Path log;

    private RtpengineDaemon(Process process, int ngPort, int portMin, Path log) {
        this.process = process;
        this.ngPort = ngPort;
        this.portMin = portMin;
        this.log = log;
    }

    /** The rtpengine executable, or a skip (a failure under CI). */
    public static Path require() {
        return RequiredTools.tool("rtpengine", INSTALL_HINT);
    }

    /** Starts rtpengine with its files in {@code dir}; tries other ports if the chosen ones are taken. */
    public static RtpengineDaemon start(Path dir) throws IOException {
        Path exe = require();
        Files.createDirectories(dir);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int ng = FreePort.find();
            // a range above the usual ephemeral ports (32768-60999) so other tests' sockets rarely sit in it
            int min = 61_000 + 2 * ThreadLocalRandom.current().nextInt(0, (65_000 - 61_000 - PORTS) / 2);
            Path log = dir.resolve("rtpengine-" + attempt + ".log");
            List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--config-file=none", "--foreground",
                    "--log-stderr", "--no-log-timestamps", "--log-level=6", "--table=-1", "--interface=127.0.0.1",
                    "--listen-ng=127.0.0.1:" + ng, "--port-min=" + min, "--port-max=" + (min + PORTS - 1),
                    "--pidfile=" + dir.resolve("rtpengine-" + attempt + ".pid"), "--delete-delay=0"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RtpengineDaemon daemon = new RtpengineDaemon(p, ng, min, log);
            if (daemon.awaitPong()) {
                return daemon;
            }
            daemon.close();
            last = new IOException("rtpengine did not answer a ping on port " + ng + ": " + String.join(" ", cmd)
                    + "\n" + daemon.logText());
        }
        throw last;
    }

    /** The ng control port on 127.0.0.1. */
    public int ngPort() {
        return ngPort;
    }

    /** Kamailio's form of its address: {@code udp:127.0.0.1:port}. */
    public String socket() {
        return "udp:127.0.0.1:" + ngPort;
    }

    public int portMin() {
        return portMin;
    }

    public int portMax() {
        return portMin + PORTS - 1;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What it logged so far, for failure messages. */
    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private boolean awaitPong() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        byte[] ping = "t1 d7:command4:pinge".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(200);
            while (System.nanoTime() < deadline && process.isAlive()) {
                s.send(new DatagramPacket(ping, ping.length, new InetSocketAddress("127.0.0.1", ngPort)));
                byte[] buf = new byte[512];
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(reply);
                } catch (SocketTimeoutException | java.net.PortUnreachableException notYet) {
                    continue;
                }
                String text = new String(buf, 0, reply.getLength(), StandardCharsets.US_ASCII);
                if (text.startsWith("t1 ") && text.contains("pong")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
