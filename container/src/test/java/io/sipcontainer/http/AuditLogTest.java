package io.sipcontainer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The audit line's shape, and that crafted values cannot forge lines. */
class AuditLogTest {

    @Test
    void oneLinePerActionOnItsOwnLoggerWithControlCharactersReplaced() {
        Logger log = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        Level before = log.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.setLevel(Level.INFO);
        log.addAppender(lines);
        try {
            AuditLog.record("rpc-token", "127.0.0.1", "app.undeploy", "ok");
            AuditLog.record("console user admin", "::1", "console DELETE apps/x.sar\nrpc-token from 10.0.0.1: fake ok", "ok");
            assertEquals("rpc-token from 127.0.0.1: app.undeploy ok", lines.list.get(0).getFormattedMessage());
            String forged = lines.list.get(1).getFormattedMessage();
            assertTrue(!forged.contains("\n") && forged.contains("apps/x.sar?rpc-token"), forged);
            assertEquals(200 + 3, AuditLog.clean("x".repeat(500)).length(), "long values are cut");
        } finally {
            log.detachAppender(lines);
            log.setLevel(before);
        }
    }
}
