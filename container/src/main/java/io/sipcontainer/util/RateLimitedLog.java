package io.sipcontainer.util;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one log line through per interval and counts the events in between, so an attacker who can
 * trigger a log line (a malformed packet, a wrong password) cannot fill the disk with it. The first
 * event logs at once; an event after the interval has passed logs again and reports how many were
 * suppressed since the previous line. Lock-free: {@link #tryAcquire()} is one CAS on the hot path.
 */
public final class RateLimitedLog {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** With a clock of our own, for tests that move time instead of waiting. */
    public RateLimitedLog(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = Objects.requireNonNull(interval, "interval").toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Records an event: returns -1 when it must not be logged (it is counted as suppressed), else the
     * number of events suppressed since the last line logged, which the caller puts in its line.
     */
    public long tryAcquire() {
        long now = nanoClock.getAsLong();
        long next = nextAllowed.get();
        if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
