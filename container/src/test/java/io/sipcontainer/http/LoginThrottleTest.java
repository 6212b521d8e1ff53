package io.sipcontainer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipcontainer.util.RateLimitedLog;

class LoginThrottleTest {
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5), millis::get,
            new RateLimitedLog(LoginThrottle.LOG_INTERVAL, () -> millis.get() * 1_000_000));

    private void fail(String source, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(source, "console login");
        }
    }

    @Test
    void fiveFailuresLockTheSourceOutForTheConfiguredTimeAndOthersAreNotAffected() {
        fail("198.51.100.7", 4);
        assertEquals(Duration.ZERO, throttle.lockedFor("198.51.100.7"));
        fail("198.51.100.7", 1);
        assertEquals(Duration.ofMinutes(5), throttle.lockedFor("198.51.100.7"));
        assertEquals(Duration.ZERO, throttle.lockedFor("203.0.113.9"), "per source address");
        millis.addAndGet(Duration.ofMinutes(5).toMillis());
        assertEquals(Duration.ZERO, throttle.lockedFor("198.51.100.7"), "the lockout ends");
    }

    @Test
    void aSourceLockedAgainWaitsTwiceAsLongAndASuccessForgetsIt() {
        fail("198.51.100.7", 5);
        millis.addAndGet(Duration.ofMinutes(5).toMillis());
        fail("198.51.100.7", 5);
        assertEquals(Duration.ofMinutes(10), throttle.lockedFor("198.51.100.7"));
        throttle.succeeded("198.51.100.7");
        assertEquals(Duration.ZERO, throttle.lockedFor("198.51.100.7"));
    }

    @Test
    void zeroMaxFailuresNeverLocks() {
        LoginThrottle off = new LoginThrottle(0, Duration.ofMinutes(5));
        for (int i = 0; i < 300; i++) {
            off.failed("198.51.100.7", "console login");
        }
        assertTrue(off.lockedFor("198.51.100.7").isZero());
    }
}
