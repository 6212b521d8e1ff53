package io.sipcontainer.stack.logging;

import gov.nist.core.CommonLogger;
import gov.nist.core.LogLevels;
import gov.nist.core.StackLogger;
import io.sipcontainer.util.RateLimitedLog;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the JAIN-SIP RI's internal logging to SLF4J, so the stack needs no log4j. The stack
 * instantiates it through the {@code gov.nist.javax.sip.STACK_LOGGER} property and then sends every
 * class's log lines here (JAIN-SIP keeps one process-wide logger), so all of them appear under the
 * SLF4J logger {@value #LOGGER_NAME}.
 *
 * <p>JAIN-SIP uses the same number for INFO and for per-message tracing
 * ({@code TRACE_INFO == TRACE_MESSAGES}) and formats a message before logging it whenever that level
 * is enabled. So INFO is reported enabled only when DEBUG is on for the stack or message logging is
 * on ({@link Slf4jServerLogger#LOGGER_NAME} at DEBUG): at INFO the stack does no per-message work.
 *
 * <p>The stack's lines can be made by a peer: it logs some failures with the whole receive buffer in
 * them, and a stack trace each. So every line is cut to {@link #MAX_LINE} characters, and a stack
 * exception is logged at ERROR at most once per {@link #TRACE_INTERVAL}; in between, one DEBUG line each.
 */
public final class Slf4jStackLogger implements StackLogger {

    /** The SLF4J logger all JAIN-SIP stack logging goes to. */
    public static final String LOGGER_NAME = "gov.nist.javax.sip";

    /** The longest line passed on; the stack's own lines are far shorter unless they quote input. */
    public static final int MAX_LINE = 2000;
    /** At most one stack trace per interval. */
    public static final Duration TRACE_INTERVAL = Duration.ofSeconds(10);

    private final Logger log;
    private final Logger messageLog;
    private final RateLimitedLog traces;
    private volatile boolean enabled = true;

    /** Used by JAIN-SIP, which creates its logger by reflection. */
    public Slf4jStackLogger() {
        this(LoggerFactory.getLogger(LOGGER_NAME), LoggerFactory.getLogger(Slf4jServerLogger.LOGGER_NAME),
                new RateLimitedLog(TRACE_INTERVAL));
    }

    Slf4jStackLogger(Logger log, Logger messageLog, RateLimitedLog traces) {
        this.log = log;
        this.messageLog = messageLog;
        this.traces = traces;
    }

    /**
     * Makes this bridge JAIN-SIP's process-wide logger now, before any stack exists, so that a class
     * logging early never falls back to log4j (absent here). Creating a stack with the
     * {@link StackProperties} does the same; calling this twice is harmless.
     */
    public static synchronized void install() {
        CommonLogger.useLegacyLogger = true; // "legacy" is JAIN-SIP's name for the pluggable logger
        if (!(CommonLogger.legacyLogger instanceof Slf4jStackLogger)) {
            CommonLogger.legacyLogger = new Slf4jStackLogger();
        }
    }

    /** Maps a JAIN-SIP level to whether SLF4J would log it; no allocation, so cheap on hot paths. */
    @Override
    public boolean isLoggingEnabled(int level) {
        if (!enabled || level <= LogLevels.TRACE_NONE) {
            return false;
        }
        if (level >= LogLevels.TRACE_TRACE) {
            return log.isTraceEnabled();
        }
        if (level >= LogLevels.TRACE_DEBUG) {
            return log.isDebugEnabled();
        }
        if (level >= LogLevels.TRACE_INFO) { // also TRACE_MESSAGES: see the class comment
            return log.isDebugEnabled() || messageLog.isDebugEnabled();
        }
        if (level >= LogLevels.TRACE_WARN) {
            return log.isWarnEnabled();
        }
        return log.isErrorEnabled();
    }

    @Override
    public boolean isLoggingEnabled() {
        return enabled && log.isErrorEnabled();
    }

    @Override
    public void logTrace(String message) {
        log.trace(message);
    }

    @Override
    public void logDebug(String message) {
        log.debug(message);
    }

    @Override
    public void logDebug(String message, Exception cause) {
        log.debug(message, cause);
    }

    @Override
    public void logInfo(String message) {
        log.info(message);
    }

    @Override
    public void logWarning(String message) {
        if (message != null && message.startsWith(DECLINED_BY_VALVE)) {
            // the RI's words for a request our front valve declined (refused with 503 or dropped by
            // overload control or pike): counted there, and a WARN per request would be a flood of its own
            log.debug(message);
            return;
        }
        log.warn(cut(message));
    }

    /** How the RI reports a request a SIP message valve declined. */
    static final String DECLINED_BY_VALVE = "Null request interface returned";

    @Override
    public void logError(String message) {
        log.error(cut(message));
    }

    @Override
    public void logError(String message, Exception cause) {
        error(log, traces, cut(message), cause);
    }

    @Override
    public void logFatalError(String message) {
        log.error(cut(message));
    }

    @Override
    public void logException(Throwable cause) {
        error(log, traces, "JAIN-SIP exception", cause);
    }

    /** {@code message} cut to {@link #MAX_LINE} characters, saying how much was left out. */
    static String cut(String message) {
        if (message == null || message.length() <= MAX_LINE) {
            return message;
        }
        return message.substring(0, MAX_LINE) + "... (" + (message.length() - MAX_LINE) + " more characters)";
    }

    /**
     * Logs {@code cause} at ERROR, with its stack trace, when {@code traces} allows a line now; in
     * between, exceptions go to DEBUG as one line each and the next ERROR line says how many there were.
     * A peer can provoke these (each packet the stack fails on makes one), so they must be bounded.
     */
    static void error(Logger log, RateLimitedLog traces, String message, Throwable cause) {
        long suppressed = traces.tryAcquire();
        if (suppressed == 0) {
            log.error(message, cause);
        } else if (suppressed > 0) {
            log.error("{} ({} more stack exceptions logged at DEBUG only since the last one)", message, suppressed,
                    cause);
        } else if (log.isDebugEnabled()) {
            log.debug("{}: {}", message, cut(String.valueOf(cause)));
        }
    }

    @Override
    public void logStackTrace() {
        logStackTrace(LogLevels.TRACE_DEBUG);
    }

    /** Logs where it was called from, at the given JAIN-SIP level, when that level is enabled. */
    @Override
    public void logStackTrace(int traceLevel) {
        if (!isLoggingEnabled(traceLevel)) {
            return;
        }
        Throwable here = new Throwable("stack trace requested by JAIN-SIP");
        if (traceLevel >= LogLevels.TRACE_TRACE) {
            log.trace(here.getMessage(), here);
        } else if (traceLevel >= LogLevels.TRACE_INFO) {
            log.debug(here.getMessage(), here);
        } else if (traceLevel >= LogLevels.TRACE_WARN) {
            log.warn(here.getMessage(), here);
        } else {
            log.error(here.getMessage(), here);
        }
    }

    /** JAIN-SIP counts lines of its own log file; SLF4J appenders do not, so this is always 0. */
    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void disableLogging() {
        enabled = false;
    }

    @Override
    public void enableLogging() {
        enabled = true;
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    /** Levels come from the SLF4J configuration, so the stack's TRACE_LEVEL and log file settings are ignored. */
    @Override
    public void setStackProperties(Properties stackProperties) {
        if (log.isDebugEnabled()) {
            log.debug("logging for JAIN-SIP stack '{}' goes to SLF4J", stackProperties.getProperty("javax.sip.STACK_NAME"));
        }
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }
}
