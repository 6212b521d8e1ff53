package io.sipcontainer.stack.logging;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import io.sipcontainer.util.RateLimitedLog;
import java.util.Properties;
import javax.sip.SipStack;
import javax.sip.header.CallIdHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the SIP messages a JAIN-SIP stack sends and receives to SLF4J, replacing the RI's file-based
 * {@code ServerLog}; the stack instantiates it through the {@code gov.nist.javax.sip.SERVER_LOGGER}
 * property. Messages go to the logger {@value #LOGGER_NAME}: at DEBUG one line per message (direction,
 * addresses, first line, Call-ID), at TRACE the whole message. Nothing is logged at INFO or above, so
 * the default configuration costs no per-message work.
 */
public final class Slf4jServerLogger implements ServerLogger {

    /** The SLF4J logger SIP message traces go to. */
    public static final String LOGGER_NAME = "io.sipcontainer.stack.messages";

    private final Logger log;
    private final Logger stackLog;
    private final RateLimitedLog traces;
    private volatile String stackName = "?";

    /** Used by JAIN-SIP, which creates its server logger by reflection. */
    public Slf4jServerLogger() {
        this(LoggerFactory.getLogger(LOGGER_NAME), LoggerFactory.getLogger(Slf4jStackLogger.LOGGER_NAME),
                new RateLimitedLog(Slf4jStackLogger.TRACE_INTERVAL));
    }

    Slf4jServerLogger(Logger log, Logger stackLog, RateLimitedLog traces) {
        this.log = log;
        this.stackLog = stackLog;
        this.traces = traces;
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        logMessage(message, from, to, null, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, status, sender, System.currentTimeMillis());
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        if (!log.isDebugEnabled()) {
            return;
        }
        String direction = sender ? "sent" : "received";
        String state = status == null ? "" : " [" + status + "]";
        if (log.isTraceEnabled()) {
            log.trace("{} {} {} -> {}{} at {}:\n{}", stackName, direction, from, to, state, time, message.encode());
        } else {
            CallIdHeader callId = message.getCallId();
            log.debug("{} {} {} -> {}{}: {} (Call-ID {})", stackName, direction, from, to, state,
                    firstLine(message), callId == null ? "-" : callId.getCallId());
        }
    }

    @Override
    public void logException(Exception cause) {
        // the same bounds as the stack's own lines: a peer may be able to provoke this one too
        Slf4jStackLogger.error(stackLog, traces, "JAIN-SIP stack '" + stackName + "' reported an exception", cause);
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        this.stackName = sipStack.getStackName();
    }

    /** Message levels come from the SLF4J configuration; JAIN-SIP's log file properties are ignored. */
    @Override
    public void setStackProperties(Properties stackProperties) {
        String name = stackProperties.getProperty("javax.sip.STACK_NAME");
        if (name != null) {
            this.stackName = name;
        }
    }

    /** There is no file of our own: appenders belong to the SLF4J backend. */
    @Override
    public void closeLogFile() {
    }

    private static String firstLine(SIPMessage message) {
        String line = message.getFirstLine();
        return line == null ? "(no first line)" : line.strip();
    }
}
