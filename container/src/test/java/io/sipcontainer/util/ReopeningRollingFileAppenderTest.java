package io.sipcontainer.util;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

/**
 * A rollover that happens while the process has no file descriptor left: logback's own appender
 * then never writes its file again (every later event fails on a null stream); ours opens it again
 * once descriptors are back. The descriptors are used up for real, in this JVM, for a moment.
 */
class ReopeningRollingFileAppenderTest {
    @TempDir
    Path dir;

    @Test
    void theLogFileIsWrittenAgainAfterARolloverFailedForWantOfDescriptors() throws Exception {
        assumeTrue(softFileLimit() <= 65_536, "too many descriptors to use them all up here");
        assertTrue(survives(new ReopeningRollingFileAppender<>()), "our appender writes the file again");
    }

    @Test
    void logbacksOwnAppenderDoesNot() throws Exception {
        assumeTrue(softFileLimit() <= 65_536, "too many descriptors to use them all up here");
        assertTrue(!survives(new RollingFileAppender<>()), "the defect this class works around is gone:"
                + " conf/logback.xml could use logback's appender again");
    }

    /** Logs across rollovers, some while out of descriptors; whether lines logged afterwards reach the file. */
    private boolean survives(RollingFileAppender<ILoggingEvent> appender) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        appender.setContext(context);
        Path file = dir.resolve(appender.getClass().getSimpleName() + ".log");
        appender.setFile(file.toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir.resolve(appender.getClass().getSimpleName() + ".%d{yyyy-MM-dd}.%i.log").toString());
        policy.setMaxFileSize(FileSize.valueOf("10KB"));
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
            List<FileInputStream> hoard = new ArrayList<>();
            try {
                while (true) {
                    hoard.add(new FileInputStream("/dev/null"));
                }
            } catch (IOException expected) {
                // out of descriptors
            }
            try {
                // logback checks the size at most every 60 ms: log until a rollover failed to open the file
                long until = System.nanoTime() + 5_000_000_000L;
                for (int i = 0; !rolloverFailed(context) && System.nanoTime() < until; i++) {
                    log.info("while out of descriptors {} ..........................................", i);
                }
            } finally {
                for (FileInputStream f : hoard) {
                    f.close();
                }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            int i = 0;
            while (System.nanoTime() < deadline) {
                log.info("after {}", i++);
                if (Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains("after ")) {
                    return true;
                }
            }
            return false;
        } finally {
            appender.stop();
            context.stop();
        }
    }

    private static boolean rolloverFailed(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .anyMatch(st -> st.getLevel() == ch.qos.logback.core.status.Status.ERROR
                        && String.valueOf(st.getThrowable()).contains("Too many open files"));
    }

    private static long softFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return Long.MAX_VALUE;
    }
}
