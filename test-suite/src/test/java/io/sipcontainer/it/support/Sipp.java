package io.sipcontainer.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the SIPp traffic generator ({@code sipp} on PATH, Debian package sip-tester) against the
 * server on 127.0.0.1, either with a built-in scenario ({@code uac}, {@code uas}) or with an XML
 * scenario from the test resources. Each run gets its own temporary directory for SIPp's files,
 * statistics ({@code -trace_stat}) from which the successful and failed call counts are read, and
 * a hard time limit: SIPp's own {@code -timeout} (reaching it is an error), then the process is
 * killed if it outlives that by ten seconds. A builder: configure, then {@link #run()} to block
 * until SIPp ends, or {@link #start()} when the test must act while SIPp runs (a UAS scenario).
 */
public final class Sipp {

    private static final String INSTALL_HINT = "install SIPp: apt-get install sip-tester";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);

    private final String builtInScenario;
    private final String scenarioResource;
    private String remote;
    private String transport = "u1";
    private int calls = 1;
    private double rate = 10;
    private int limit;
    private String service = "service";
    private Duration timeout = Duration.ofSeconds(30);
    private Duration recvTimeout = Duration.ofSeconds(10);
    private int localPort;
    private String localIp = LOOPBACK;
    private final List<String> extraArgs = new ArrayList<>();

    private Sipp(String builtInScenario, String scenarioResource) {
        this.builtInScenario = builtInScenario;
        this.scenarioResource = scenarioResource;
    }

    /**
     * The SIPp executable on PATH. A test calls this first: without SIPp the test is skipped, or
     * fails when {@code CI=true} (see {@link RequiredTools}).
     */
    public static Path require() {
        return RequiredTools.tool("sipp", INSTALL_HINT);
    }

    /** A run of one of SIPp's embedded scenarios ({@code -sn}), e.g. {@code uac} or {@code uas}. */
    public static Sipp builtIn(String scenarioName) {
        return new Sipp(Objects.requireNonNull(scenarioName, "scenarioName"), null);
    }

    /** A run of an XML scenario on the test class path, e.g. {@code sipp/options.xml} ({@code -sf}). */
    public static Sipp scenario(String classpathResource) {
        Objects.requireNonNull(classpathResource, "classpathResource");
        if (Sipp.class.getClassLoader().getResource(classpathResource) == null) {
            throw new IllegalArgumentException("no scenario " + classpathResource + " on the test class path");
        }
        return new Sipp(null, classpathResource);
    }

    /** The host and port SIPp sends to (its remote_host argument). */
    public Sipp remote(InetSocketAddress address) {
        return remote(address.getHostString(), address.getPort());
    }

    /** Sends to {@code host:port}; an IPv6 literal is put in brackets as SIPp wants it. */
    public Sipp remote(String host, int port) {
        this.remote = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        return this;
    }

    /** The local address SIPp binds and writes in its messages ({@code -i}); default 127.0.0.1. */
    public Sipp localIp(String address) {
        this.localIp = Objects.requireNonNull(address, "address");
        return this;
    }

    /** Sends to 127.0.0.1:{@code port}. */
    public Sipp remote(int port) {
        this.remote = LOOPBACK + ":" + port;
        return this;
    }

    /** UDP with one socket for all calls ({@code -t u1}); the default. */
    public Sipp udp() {
        return transport("u1");
    }

    /** TCP with one connection for all calls ({@code -t t1}). */
    public Sipp tcp() {
        return transport("t1");
    }

    /** Any SIPp transport mode ({@code u1}, {@code un}, {@code t1}, {@code tn}...). */
    public Sipp transport(String mode) {
        this.transport = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Stop after this many calls ({@code -m}); default 1. */
    public Sipp calls(int count) {
        this.calls = positive(count, "calls");
        return this;
    }

    /** New calls per second ({@code -r}); default 10. */
    public Sipp rate(double callsPerSecond) {
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + callsPerSecond);
        }
        this.rate = callsPerSecond;
        return this;
    }

    /** At most this many simultaneous calls ({@code -l}); SIPp's default if never called. */
    public Sipp limit(int simultaneousCalls) {
        this.limit = positive(simultaneousCalls, "limit");
        return this;
    }

    /** The user part SIPp puts in its request URIs ({@code -s}, the [service] keyword); default "service". */
    public Sipp service(String user) {
        this.service = Objects.requireNonNull(user, "user");
        return this;
    }

    /** SIPp's global time limit ({@code -timeout}, an error when reached); default 30 s. */
    public Sipp timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + limit);
        }
        this.timeout = limit;
        return this;
    }

    /** How long a call waits for an expected message before it fails ({@code -recv_timeout}); zero for never. Default 10 s. */
    public Sipp recvTimeout(Duration limit) {
        this.recvTimeout = Objects.requireNonNull(limit, "limit");
        return this;
    }

    /** SIPp's local SIP port ({@code -p}); a free one is chosen if never set. */
    public Sipp localPort(int port) {
        this.localPort = positive(port, "localPort");
        return this;
    }

    /** Further command-line arguments, appended as given (e.g. {@code "-set", "name", "value"}). */
    public Sipp args(String... arguments) {
        Collections.addAll(extraArgs, arguments);
        return this;
    }

    /** The local SIP port SIPp will use; chosen now if not set, so a UAS's address is known before start. */
    public synchronized int localPort() {
        if (localPort == 0) {
            localPort = FreePort.find();
        }
        return localPort;
    }

    /** Runs SIPp and waits for it to end (bounded by the time limit). */
    public SippResult run() {
        try (Running running = start()) {
            return running.awaitResult();
        }
    }

    /** Starts SIPp and returns at once; {@link Running#awaitResult()} collects the outcome. */
    public Running start() {
        Path binary = require();
        try {
            Path dir = Files.createTempDirectory("sipp-");
            List<String> command = command(binary, dir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            builder.environment().put("TERM", "dumb");
            return new Running(builder.start(), dir, localPort(), timeout.plus(KILL_GRACE), command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    private List<String> command(Path binary, Path dir) throws IOException {
        List<String> c = new ArrayList<>();
        c.add(binary.toString());
        if (remote != null) {
            c.add(remote);
        }
        if (builtInScenario != null) {
            c.addAll(List.of("-sn", builtInScenario));
        } else {
            String baseName = scenarioResource.substring(scenarioResource.lastIndexOf('/') + 1);
            Path file = dir.resolve(baseName);
            try (InputStream in = Sipp.class.getClassLoader().getResourceAsStream(scenarioResource)) {
                Files.copy(Objects.requireNonNull(in, scenarioResource), file);
            }
            c.addAll(List.of("-sf", file.toString()));
        }
        c.addAll(List.of("-i", localIp, "-p", Integer.toString(localPort()), "-t", transport,
                "-m", Integer.toString(calls), "-r", String.format(Locale.ROOT, "%s", rate), "-s", service,
                "-nostdin", "-timeout", timeout.toMillis() + "ms", "-timeout_error",
                "-trace_stat", "-stf", dir.resolve("stat.csv").toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        if (limit > 0) {
            c.addAll(List.of("-l", Integer.toString(limit)));
        }
        if (!recvTimeout.isZero()) {
            c.addAll(List.of("-recv_timeout", recvTimeout.toMillis() + "ms"));
        }
        c.addAll(extraArgs);
        return c;
    }

    private static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /**
     * A SIPp process under way. {@link #awaitResult()} waits for it (killing it past the time limit)
     * and reads its statistics; {@link #close()} kills it if still running and deletes its directory.
     */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final int localPort;
        private final Duration hardLimit;
        private final List<String> command;
        private SippResult result;

        private Running(Process process, Path dir, int localPort, Duration hardLimit, List<String> command) {
            this.process = process;
            this.dir = dir;
            this.localPort = localPort;
            this.hardLimit = hardLimit;
            this.command = List.copyOf(command);
        }

        /** SIPp's local SIP port. */
        public int localPort() {
            return localPort;
        }

        /** The command line, for diagnostics. */
        public List<String> command() {
            return command;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits until SIPp exits, at most its time limit plus a grace period, and returns the outcome. */
        public synchronized SippResult awaitResult() {
            if (result != null) {
                return result;
            }
            int exitCode;
            try {
                if (process.waitFor(hardLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                    exitCode = process.exitValue();
                } else {
                    kill();
                    exitCode = -1;
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                exitCode = -1;
            }
            long[] counts = readCallCounts(dir.resolve("stat.csv"));
            String stderr = read(dir.resolve("stderr.txt"));
            String errors = read(dir.resolve("errors.log"));
            if (!errors.isBlank()) {
                stderr = stderr + "\n--- sipp error log ---\n" + errors;
            }
            result = new SippResult(exitCode, counts[0], counts[1], read(dir.resolve("stdout.txt")),
                    "command: " + String.join(" ", command) + "\n" + stderr);
            return result;
        }

        /** Kills SIPp if it still runs and removes its temporary directory. */
        @Override
        public synchronized void close() {
            if (process.isAlive()) {
                kill();
            }
            deleteRecursively(dir);
        }

        private void kill() {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Successful and failed call totals from the last row of SIPp's ';'-separated statistics file,
     * found by column name ({@code SuccessfulCall(C)}, {@code FailedCall(C)}); -1 when absent.
     */
    static long[] readCallCounts(Path statFile) {
        long[] counts = {-1, -1};
        List<String> lines;
        try {
            lines = Files.exists(statFile) ? Files.readAllLines(statFile, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            return counts;
        }
        List<String> rows = lines.stream().filter(l -> !l.isBlank()).toList();
        if (rows.size() < 2) {
            return counts;
        }
        List<String> header = List.of(rows.get(0).split(";", -1));
        String[] last = rows.get(rows.size() - 1).split(";", -1);
        counts[0] = column(header, last, "SuccessfulCall(C)");
        counts[1] = column(header, last, "FailedCall(C)");
        return counts;
    }

    private static long column(List<String> header, String[] row, String name) {
        int i = header.indexOf(name);
        if (i < 0 || i >= row.length) {
            return -1;
        }
        try {
            return Long.parseLong(row[i].trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
