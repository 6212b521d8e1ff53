package io.sipcontainer.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.util.RateLimitedLog;

/**
 * Slows password guessing per source address: after {@code maxFailures} wrong passwords in a row a
 * source is locked out for {@code lockout} (its attempts are refused without looking at the
 * password), and each further lockout of the same source lasts twice as long, up to a day. A
 * correct password clears the source's record. Failed authentications are logged with the source
 * address, in at most one line per {@link #LOG_INTERVAL}, so a guessing run cannot fill the log.
 * At most {@link #MAX_SOURCES} sources are tracked; past that, records that no longer lock anything
 * are dropped first, so a spread-out attack costs bounded memory.
 */
public final class LoginThrottle {
    /** At most one log line about failed authentications per interval. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    static final int MAX_SOURCES = 10_000;
    private static final long MAX_LOCKOUT_MILLIS = Duration.ofDays(1).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** Failures since the last success; {@code lockedUntil} in clock millis, 0 when not locked. */
    private record Entry(int failures, int lockouts, long lockedUntil) {
    }

    private final int maxFailures;
    private final long lockoutMillis;
    private final LongSupplier clock;
    private final RateLimitedLog logLimit;
    private final Map<String, Entry> sources = new ConcurrentHashMap<>();

    /** {@code maxFailures} 0 turns the lockout off (failures are still logged). */
    public LoginThrottle(int maxFailures, Duration lockout) {
        this(maxFailures, lockout, System::currentTimeMillis, new RateLimitedLog(LOG_INTERVAL));
    }

    LoginThrottle(int maxFailures, Duration lockout, LongSupplier clock, RateLimitedLog logLimit) {
        this.maxFailures = maxFailures;
        this.lockoutMillis = lockout.toMillis();
        this.clock = clock;
        this.logLimit = logLimit;
    }

    /** How long {@code source} is still locked out; zero when it may try a password. */
    public Duration lockedFor(String source) {
        Entry e = sources.get(source);
        long left = e == null ? 0 : e.lockedUntil() - clock.getAsLong();
        return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
    }

    /** A wrong password (or token) from {@code source} for {@code what}, e.g. "console login". */
    public void failed(String source, String what) {
        long now = clock.getAsLong();
        if (sources.size() >= MAX_SOURCES && !sources.containsKey(source)) {
            sources.values().removeIf(e -> e.lockedUntil() <= now);
        }
        Entry after = sources.compute(source, (k, e) -> {
            Entry before = e == null ? new Entry(0, 0, 0) : e;
            int failures = before.failures() + 1;
            if (maxFailures > 0 && failures >= maxFailures) {
                long lockout = Math.min(MAX_LOCKOUT_MILLIS, lockoutMillis << Math.min(before.lockouts(), 20));
                return new Entry(0, before.lockouts() + 1, now + lockout);
            }
            return new Entry(failures, before.lockouts(), before.lockedUntil());
        });
        log(source, what, Math.max(0, after.lockedUntil() - now) / 1000);
    }

    /**
     * A wrong token from {@code source}: logged like a wrong password but not counted towards a
     * lockout, because the token is too long to guess and a lockout would only stop a local
     * {@code sipctl} with a stale token file from reaching the console too.
     */
    public void refused(String source, String what) {
        log(source, what, 0);
    }

    private void log(String source, String what, long lockedSeconds) {
        long suppressed = logLimit.tryAcquire();
        if (suppressed >= 0) {
            LOG.warn("Failed {} authentication from {}{} ({} more failed authentications not logged since the last line)",
                    what, source, lockedSeconds > 0 ? ", locked out for " + lockedSeconds + " s" : "", suppressed);
        }
    }

    /** A correct password from {@code source}: its failures are forgotten. */
    public void succeeded(String source) {
        sources.remove(source);
    }
}
