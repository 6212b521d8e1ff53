package io.sipcontainer.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.opentest4j.TestAbortedException;

/**
 * The external things some tests need (SIPp, Chromium and its WebDriver, the shared RFC 4475
 * messages). Outside CI a missing one aborts the test (an assumption failure, reported as skipped),
 * so a developer without SIPp can still run the rest. With the environment variable {@code CI=true}
 * (set by {@code .ci/run}) a missing one FAILS the test with the install hint: a CI run that skipped
 * the end-to-end tests would otherwise pass while testing nothing.
 */
public final class RequiredTools {

    private static final RequiredTools SYSTEM = new RequiredTools(System::getenv);

    private final UnaryOperator<String> env;

    /** {@code env} looks up an environment variable (null when unset); injected so tests can fake CI. */
    RequiredTools(UnaryOperator<String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The process's own environment. */
    public static RequiredTools system() {
        return SYSTEM;
    }

    /** The executable {@code name} found on PATH; aborts or (in CI) fails the test when there is none. */
    public static Path tool(String name, String installHint) {
        return SYSTEM.require(name, installHint);
    }

    /** True when the executable {@code name} is on PATH; for code that only reports, never for skipping. */
    public static boolean onPath(String name) {
        return SYSTEM.find(name) != null;
    }

    /** Aborts or (in CI) fails the test unless {@code present}; for things that are not executables. */
    public static void present(boolean present, String what, String installHint) {
        SYSTEM.check(present, what, installHint);
    }

    /** True when {@code CI=true} (case-insensitive), as GitHub Actions, GitLab and {@code .ci/run} set it. */
    public boolean inCi() {
        return "true".equalsIgnoreCase(env.apply("CI"));
    }

    /** The first executable called {@code name} in the PATH directories, or null. */
    Path find(String name) {
        String path = env.apply("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    Path require(String name, String installHint) {
        Path found = find(name);
        check(found != null, name + " is not on PATH", installHint);
        return found;
    }

    void check(boolean present, String what, String installHint) {
        if (present) {
            return;
        }
        String message = what + " (" + installHint + ")";
        if (inCi()) {
            throw new AssertionError("CI=true, so a missing test tool is a failure, not a skip: " + message);
        }
        throw new TestAbortedException(message);
    }
}
