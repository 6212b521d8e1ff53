package io.sipcontainer.stack.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import gov.nist.core.LogLevels;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipcontainer.util.RateLimitedLog;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class Slf4jStackLoggerTest {

    private final Logger stackLog = (Logger) LoggerFactory.getLogger("test.stack." + System.nanoTime());
    private final Logger messageLog = (Logger) LoggerFactory.getLogger("test.messages." + System.nanoTime());
    private final AtomicLong clock = new AtomicLong();
    private final Slf4jStackLogger logger = new Slf4jStackLogger(stackLog, messageLog,
            new RateLimitedLog(Slf4jStackLogger.TRACE_INTERVAL, clock::get));

    @Test
    void aLineQuotingAHugeBufferIsCutAndExceptionsReachErrorOncePerInterval() {
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        stackLog.addAppender(seen);
        // what UDPMessageChannel logs for a packet it failed on: the 64 KB buffer as decimals
        String buffer = java.util.Arrays.toString(new byte[65535]);
        for (int i = 0; i < 100; i++) {
            logger.logError("Error while processing incoming UDP packet" + buffer, new NullPointerException("no CSeq"));
        }
        List<ILoggingEvent> errors = seen.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, errors.size(), "one ERROR line per interval, whatever a peer sends");
        assertTrue(errors.get(0).getFormattedMessage().length() < Slf4jStackLogger.MAX_LINE + 200, "and it is cut");
        assertTrue(seen.list.stream().allMatch(e -> e.getFormattedMessage().length() < Slf4jStackLogger.MAX_LINE + 200),
                "DEBUG lines too");
        clock.addAndGet(Slf4jStackLogger.TRACE_INTERVAL.toNanos());
        logger.logException(new IllegalStateException("later"));
        ILoggingEvent last = seen.list.get(seen.list.size() - 1);
        assertTrue(last.getThrowableProxy() != null && last.getFormattedMessage().contains("99 more stack exceptions"),
                last.getFormattedMessage());
    }

    @Test
    void requestsTheFrontValveDeclinedAreNotAWarningEach() {
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        stackLog.addAppender(seen);
        stackLog.setLevel(Level.INFO);
        for (int i = 0; i < 100; i++) { // what the RI says for each request overload control refused
            logger.logWarning("Null request interface returned -- dropping request");
        }
        logger.logWarning("something else the stack warns about");
        assertEquals(List.of("something else the stack warns about"),
                seen.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void jainSipLevelsFollowTheSlf4jLevel() {
        messageLog.setLevel(Level.INFO);
        stackLog.setLevel(Level.WARN);
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_FATAL));
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_WARN));
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_INFO));
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG));
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_TRACE));

        stackLog.setLevel(Level.DEBUG);
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_INFO));
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG));
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_TRACE));

        stackLog.setLevel(Level.TRACE);
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_TRACE));

        stackLog.setLevel(Level.OFF);
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
        assertFalse(logger.isLoggingEnabled());
    }

    @Test
    void infoIsReportedDisabledAtInfoBecauseJainSipTracesMessagesAtThatLevel() {
        stackLog.setLevel(Level.INFO);
        messageLog.setLevel(Level.INFO);
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_MESSAGES));
    }

    @Test
    void messageLevelIsEnabledWhenMessageLoggingIsOnEvenIfTheStackIsQuiet() {
        stackLog.setLevel(Level.WARN);
        messageLog.setLevel(Level.DEBUG);
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_MESSAGES));
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG));
    }

    @Test
    void traceLevelNoneIsNeverEnabled() {
        stackLog.setLevel(Level.TRACE);
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_NONE));
    }

    @Test
    void disableLoggingSilencesEveryLevelUntilEnabledAgain() {
        stackLog.setLevel(Level.TRACE);
        logger.disableLogging();
        assertFalse(logger.isLoggingEnabled());
        assertFalse(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
        logger.enableLogging();
        assertTrue(logger.isLoggingEnabled(LogLevels.TRACE_ERROR));
    }

    @Test
    void eachLogMethodUsesTheMatchingSlf4jLevel() {
        try (LogCapture capture = new LogCapture(stackLog.getName(), Level.TRACE)) {
            logger.logTrace("t");
            logger.logDebug("d");
            logger.logInfo("i");
            logger.logWarning("w");
            logger.logError("e");
            logger.logFatalError("f");
            logger.logException(new IllegalStateException("x"));
            List<String> seen = capture.events().stream()
                    .map(e -> e.getLevel() + ":" + e.getFormattedMessage())
                    .collect(Collectors.toList());
            assertEquals(List.of("TRACE:t", "DEBUG:d", "INFO:i", "WARN:w", "ERROR:e", "ERROR:f",
                    "ERROR:JAIN-SIP exception"), seen);
            assertEquals("x", capture.events().get(6).getThrowableProxy().getMessage());
        }
    }

    @Test
    void stackTraceIsLoggedOnlyWhenItsLevelIsEnabled() {
        try (LogCapture capture = new LogCapture(stackLog.getName(), Level.INFO)) {
            logger.logStackTrace(); // DEBUG: off
            logger.logStackTrace(LogLevels.TRACE_ERROR);
            assertEquals(1, capture.events().size());
            assertEquals(Level.ERROR, capture.events().get(0).getLevel());
            assertTrue(capture.events().get(0).getThrowableProxy() != null);
        }
    }

    @Test
    void loggerNameIsTheSlf4jLoggerName() {
        assertEquals("gov.nist.javax.sip", new Slf4jStackLogger().getLoggerName());
    }
}
