package io.sipcontainer.util;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

/**
 * After a rollover that could not open the new file (the process was out of descriptors), logback's
 * appender is left with its file closed and no stream, and with logback 1.5.12 never writes the file
 * again; ours opens it again. The test puts the appender in that state directly (closing its stream as
 * the failed rollover did): using up the JVM's descriptors does not reproduce it reliably, because the
 * rollover reopens into the descriptor its own close has just freed.
 */
class ReopeningRollingFileAppenderTest {
    @TempDir
    Path dir;

    /** Ours, with the state a failed rollover leaves reachable. */
    static final class AfterFailedRollover extends ReopeningRollingFileAppender<ILoggingEvent> {
        void loseTheFileAsAFailedRolloverDoes() {
            streamWriteLock.lock();
            try {
                closeOutputStream();
            } finally {
                streamWriteLock.unlock();
            }
        }
    }

    @Test
    void theLogFileIsWrittenAgainAfterARolloverLeftItClosed() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        AfterFailedRollover appender = new AfterFailedRollover();
        appender.setContext(context);
        Path file = dir.resolve("server.log");
        appender.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir.resolve("server.%d{yyyy-MM-dd}.%i.log").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.start();
        appender.setRollingPolicy(policy);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        Logger log = context.getLogger("test");
        log.addAppender(appender);
        try {
            log.info("before");
            appender.loseTheFileAsAFailedRolloverDoes();
            assertNull(appender.getOutputStream(), "the state a failed rollover leaves: no stream");
            Files.delete(file); // the rollover had renamed it away

            log.info("after");
            assertTrue(Files.exists(file), "the active file was opened again");
            assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("after"),
                    "the event that found no open file was written once it was reopened");
        } finally {
            appender.stop();
            context.stop();
        }
    }
}
