package io.sipcontainer.stack.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Captures what one logback logger receives, at a level set for the test, and restores it on close. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<ILoggingEvent> arrivals = new LinkedBlockingQueue<>();

    LogCapture(String loggerName, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        this.previousLevel = logger.getLevel();
        this.previousAdditive = logger.isAdditive();
        logger.setLevel(level);
        logger.setAdditive(false); // keep captured (often DEBUG) lines off the console
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
        arrivals.add(event);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** Waits, until the deadline, for an event matching {@code condition}; returns whether one came. */
    boolean awaitEvent(Predicate<ILoggingEvent> condition, Duration timeout) throws InterruptedException {
        if (events.stream().anyMatch(condition)) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            ILoggingEvent event = arrivals.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && condition.test(event)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
        stop();
    }
}
