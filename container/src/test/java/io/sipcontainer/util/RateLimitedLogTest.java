package io.sipcontainer.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimitedLog limit = new RateLimitedLog(Duration.ofSeconds(10), now::get);

    @Test
    void firstEventLogsThenOnlyOneLinePerIntervalWithTheSuppressedCount() {
        assertEquals(0, limit.tryAcquire());
        for (int i = 0; i < 500; i++) {
            assertEquals(-1, limit.tryAcquire());
        }
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals(-1, limit.tryAcquire());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(501, limit.tryAcquire(), "the next line reports what was suppressed meanwhile");
        assertEquals(-1, limit.tryAcquire());
    }
}
