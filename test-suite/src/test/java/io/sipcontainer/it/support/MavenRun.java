package io.sipcontainer.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs this checkout's Maven wrapper as a new user would run Maven, in a folder of the test's,
 * against a {@link PrivateMavenRepository}; output goes to a log file the test can poll (for a
 * long-running goal such as {@code sipcontainer:run}) and quote when a step fails.
 */
public final class MavenRun {

    /** JVM options for quick start-up, also given to the generated project's test JVM (argLine). */
    public static final String FAST_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final Path mvnw;
    private final PrivateMavenRepository repository;

    public MavenRun(Path checkout, PrivateMavenRepository repository) {
        this.mvnw = checkout.resolve("mvnw");
        this.repository = repository;
    }

    /** Runs {@code args} in {@code dir} to completion (at most {@code limit}); fails unless it exits 0. */
    public String succeed(Path dir, Duration limit, String... args) {
        Path log = dir.resolve("maven-" + System.nanoTime() + ".log");
        Process p = start(dir, log, args);
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mvn " + String.join(" ", args) + " did not end within " + limit + ":\n" + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        String output = read(log);
        if (p.exitValue() != 0) {
            throw new AssertionError("mvn " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + tail(log));
        }
        return output;
    }

    /** Starts {@code args} in {@code dir}, output to {@code log}, and returns at once. */
    public Process start(Path dir, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(mvnw.toString(), "-B", "-s", repository.settings().toString(),
                "-Dmaven.repo.local=" + repository.root()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // short-lived JVMs on two shared cores: the C1 compiler only and the serial collector start
        // Maven (and the generated project's test JVM) noticeably faster; the build itself is unchanged
        builder.environment().put("MAVEN_OPTS", FAST_START);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a log, for a failure message. */
    public static String tail(Path log) {
        List<String> lines = read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
