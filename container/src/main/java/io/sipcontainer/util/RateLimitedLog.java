package io.sipcontainer.util;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Lets one log line through per interval and counts the events in between, so that a peer who can
 * trigger a log line (a malformed packet, a wrong password, a response that cannot be forwarded)
 * cannot fill the disk with it, while the operator still learns that, and why, something is wrong.
 * The first event logs at once; an event after the interval logs again and reports how many were
 * left out since the previous line. Lock-free: {@link #tryAcquire()} is one CAS on the hot path.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    /** For a caller that writes its own line when {@link #tryAcquire()} allows one. */
    public RateLimitedLog(Duration interval) {
        this(null, interval, System::nanoTime);
    }

    /** With a clock of our own, for tests that move time instead of waiting. */
    public RateLimitedLog(Duration interval, LongSupplier nanoClock) {
        this(null, interval, nanoClock);
    }

    /** For {@link #warn}: lines go to {@code log}. */
    public RateLimitedLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    public RateLimitedLog(Logger log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = Objects.requireNonNull(interval, "interval").toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Records an event: returns -1 when it must not be logged (it is counted as left out), else the
     * number of events left out since the last line logged, which the caller puts in its line.
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

    /** Logs at WARN unless a line was logged less than an interval ago (needs the logger constructor). */
    public void warn(String format, Object... args) {
        long left = tryAcquire();
        if (left < 0) {
            return;
        }
        if (left == 0) {
            log.warn(format, args);
        } else {
            Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = left;
            log.warn(format + " ({} similar lines left out)", withCount);
        }
    }
}
