package io.sipcontainer.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server for a test: Debian's dnsmasq as a child process on 127.0.0.1 and a free port,
 * answering only the records the test gives ({@code --srv-host=}, {@code --naptr-record=},
 * {@code --host-record=} ...) under {@code .test} (anything else there is NXDOMAIN), nothing from
 * /etc/hosts or upstream, and logging every query to a
 * file so a test can count lookups. Missing dnsmasq skips the test, or fails it under CI=true.
 */
public final class Dnsmasq implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private Dnsmasq(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts dnsmasq with {@code options} (each a full {@code --name=value}) and waits until it answers. */
    public static Dnsmasq start(Path dir, String... options) throws IOException {
        Path exe = RequiredTools.tool("dnsmasq", "apt-get install dnsmasq (Debian package dnsmasq)");
        int port = FreePort.find();
        Path log = dir.resolve("dnsmasq-" + port + ".log");
        Files.writeString(log, "");
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--no-daemon", "--conf-file=/dev/null",
                "--no-resolv", "--no-hosts", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--pid-file=", "--local=/test/", "--user=" + System.getProperty("user.name"), "--log-queries",
                "--log-facility=" + log));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq-" + port + ".out").toFile()).start();
        Dnsmasq d = new Dnsmasq(p, port, log);
        try {
            Poll.until(d::answers, Duration.ofSeconds(10), () -> "dnsmasq on port " + port + " does not answer (alive: "
                    + p.isAlive() + ")");
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    private boolean answers() {
        if (!process.isAlive()) {
            return false;
        }
        try {
            SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
            r.setTimeout(Duration.ofMillis(300));
            r.send(Message.newQuery(Record.newRecord(Name.fromString("ready.invalid."), Type.A, DClass.IN)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The UDP port it answers on, at 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The value of {@code dns_servers} that points at it. */
    public String server() {
        return "127.0.0.1:" + port;
    }

    /** How many queries of {@code type} (e.g. "SRV", "NAPTR", "A") for {@code name} it received. */
    public long queries(String type, String name) {
        try {
            String needle = "query[" + type + "] " + name + " from";
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(needle)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
