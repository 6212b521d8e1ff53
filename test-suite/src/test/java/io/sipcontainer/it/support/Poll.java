package io.sipcontainer.it.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, for state that offers no event to wait on (the deployed
 * applications, a session count). Checks every 10 ms and fails with an {@link AssertionError}
 * carrying a message computed at the deadline, so it can report the state actually seen.
 */
public final class Poll {

    private static final long INTERVAL_NANOS = Duration.ofMillis(10).toNanos();

    private Poll() {
    }

    /** Returns as soon as {@code condition} holds; fails after {@code timeout} with {@code message}. */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(message.get() + " (waited " + timeout + ")");
            }
            LockSupport.parkNanos(Math.min(left, INTERVAL_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + message.get());
            }
        }
    }
}
