package io.sipcontainer.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** One WARN line per interval at most; the next line counts those left out. */
class RateLimitedLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.RateLimitedLogTest");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong nanos = new AtomicLong(1_000);

    RateLimitedLogTest() {
        lines.start();
        logger.addAppender(lines);
        logger.setAdditive(false);
        logger.setLevel(Level.WARN);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aBurstGivesOneLineThenTheNextSaysHowManyWereLeftOut() {
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(5), nanos::get);
        log.warn("dropped {}", 1);
        log.warn("dropped {}", 2);
        log.warn("dropped {}", 3);
        assertEquals(List.of("dropped 1"), messages());
        assertEquals(Level.WARN, lines.list.get(0).getLevel());

        nanos.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        log.warn("dropped {}", 4);
        assertEquals(1, messages().size(), "still within the interval");

        nanos.addAndGet(1);
        log.warn("dropped {}", 5);
        assertEquals(List.of("dropped 1", "dropped 5 (3 similar lines left out)"), messages());
    }

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
