package io.sipcontainer.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline, for state that offers no event to wait on (deployed
 * applications, a session count, a counter), so tests never sleep a guessed time.
 */
final class Await {

    private static final long INTERVAL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + timeout + " for: " + what);
            }
            LockSupport.parkNanos(Math.min(left, INTERVAL_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
    }
}
