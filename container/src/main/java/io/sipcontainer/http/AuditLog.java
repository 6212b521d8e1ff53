package io.sipcontainer.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of administration: one line per state-changing command, whether it came over
 * {@code /RPC} or from the console, on the dedicated logger {@value #LOGGER} so an operator can send
 * it to its own file (see {@code conf/logback.xml}). A line says who (the token's role or the console
 * user), from which address, which command on what target, and the outcome, e.g.
 * {@code rpc-token from 127.0.0.1: app.undeploy ok}. Parameters are never logged: they may carry
 * passwords ({@code subscriber.add}). Values are stripped of control characters, so a crafted name
 * cannot forge a second line.
 */
public final class AuditLog {
    /** The logger name: {@code sipcontainer.audit}. */
    public static final String LOGGER = "sipcontainer.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final int MAX_VALUE = 200;

    private AuditLog() {
    }

    /** One state-changing action: {@code outcome} is "ok" or a short reason it failed. */
    public static void record(String who, String source, String command, String outcome) {
        LOG.info("{} from {}: {} {}", clean(who), clean(source), clean(command), clean(outcome));
    }

    /** Control characters replaced by '?', and cut at {@value #MAX_VALUE} characters. */
    static String clean(String value) {
        if (value == null) {
            return "-";
        }
        String cut = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "..." : value;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
