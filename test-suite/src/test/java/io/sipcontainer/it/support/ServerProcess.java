package io.sipcontainer.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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

import io.sipcontainer.server.Main;

/**
 * The server as an operator runs it: {@link Main} in its own JVM on a home folder with
 * {@code conf/sipcontainer.cfg}, {@code conf/dar.properties} and {@code deploy/}, its output in
 * {@code server.out}. For what an in-process server cannot show: SIGTERM ({@link #sigterm()}) and
 * SIGKILL ({@link #kill()}), after which the same home can be started again. SIP listens on UDP and
 * TCP of 127.0.0.1 at one port chosen at construction, kept across restarts.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Path home;
    private final int sipPort = FreePort.find();
    private final int httpPort = FreePort.find();
    private Process process;
    private int starts;
    private int fileLimit;

    /** Writes the configuration ({@code cfgLines} after the listen lines) and the DAR under {@code home}. */
    public ServerProcess(Path home, String darText, String... cfgLines) {
        this.home = home.toAbsolutePath();
        try {
            Path conf = Files.createDirectories(this.home.resolve("conf"));
            Files.createDirectories(this.home.resolve("deploy"));
            Files.writeString(conf.resolve("dar.properties"), darText, StandardCharsets.UTF_8);
            List<String> cfg = new ArrayList<>(List.of("listen = udp:127.0.0.1:" + sipPort,
                    "listen = tcp:127.0.0.1:" + sipPort, "http_listen = 127.0.0.1:" + httpPort));
            cfg.addAll(List.of(cfgLines));
            Files.writeString(conf.resolve("sipcontainer.cfg"), String.join("\n", cfg) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home, e);
        }
    }

    public Path deployDir() {
        return home.resolve("deploy");
    }

    public InetSocketAddress udpAddress() {
        return new InetSocketAddress("127.0.0.1", sipPort);
    }

    public int sipPort() {
        return sipPort;
    }

    public Path home() {
        return home;
    }

    /**
     * Runs {@code bin/sipctl} against this server's JSON-RPC endpoint (the token the server wrote
     * under its home), e.g. {@code sipctl("rpc", "cluster.members")}; returns its output, failing
     * when it exits with an error.
     */
    public String sipctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", Path.of("..", "bin", "sipctl").toString(),
                "--home", home.toString(), "--url", "http://127.0.0.1:" + httpPort + "/RPC"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("sipctl " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    /**
     * Calls a JSON-RPC command on this server's {@code /RPC} with the token it wrote under its home,
     * e.g. {@code rpc("ul.dump")}, over plain HTTP (quicker than {@link #sipctl} for polling);
     * returns the response body, failing on any HTTP status but 200.
     */
    public String rpc(String method) throws IOException, InterruptedException {
        return rpc(method, List.of());
    }

    /** {@link #rpc(String)} with positional parameters (strings or numbers). */
    public String rpc(String method, List<?> params) throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.node.ObjectNode call = JSON.createObjectNode().put("jsonrpc", "2.0")
                .put("method", method).put("id", 1);
        call.set("params", JSON.valueToTree(params));
        String token = Files.readString(home.resolve("data").resolve("rpc.token"), StandardCharsets.UTF_8).strip();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/RPC"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(method + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Starts the JVM under {@code ulimit -n limit} (a shell in front of it), to run it out of descriptors. */
    public ServerProcess withFileLimit(int limit) {
        this.fileLimit = limit;
        return this;
    }

    /** The server process's id (for /proc), while it runs. */
    public long pid() {
        return process.pid();
    }

    /** Launches the JVM and returns once this start logged "sipcontainer started". */
    public ServerProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), home.resolve("conf").toString()));
        if (fileLimit > 0) {
            command.addAll(0, List.of("sh", "-c", "ulimit -n " + fileLimit + " && exec \"$0\" \"$@\""));
        }
        process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.out").toFile()))
                .start();
        int expected = ++starts;
        Poll.until(() -> occurrences("sipcontainer started") >= expected || !process.isAlive(), START_LIMIT,
                () -> "the server did not start:\n" + output());
        if (!process.isAlive()) {
            throw new AssertionError("the server exited at start:\n" + output());
        }
        return this;
    }

    /** SIGTERM: the graceful stop. */
    public void sigterm() {
        process.destroy();
    }

    /** SIGKILL: the process dies at once, nothing of it runs after. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the killed server is still running");
        }
    }

    /** Waits for the process to end; its exit status. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + limit + ":\n" + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Everything the server printed, over all its starts. */
    public String output() {
        try {
            Path out = home.resolve("server.out");
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read server.out: " + e + ")";
        }
    }

    private int occurrences(String text) {
        String out = output();
        int n = 0;
        for (int i = out.indexOf(text); i >= 0; i = out.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
