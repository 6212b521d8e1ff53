package io.sipcontainer.stack.logging;

import io.sipcontainer.util.RateLimitedLog;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the SIP messages a stack could not parse and reports them in at most one WARN line per
 * {@link #INTERVAL}, so hostile input costs a counter increment instead of a log line (Kamailio
 * counts the same as {@code core:bad_msg_hdr}). One instance per stack name: JAIN-SIP creates its
 * parsers by reflection, so they find their accounting by the stack they belong to.
 */
public final class MalformedMessages {
    /** The SLF4J logger the summaries go to. */
    public static final String LOGGER_NAME = "io.sipcontainer.stack.malformed";
    /** At most one summary line per interval. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Reasons come from the peer's bytes: a summary quotes no more than this of them. */
    static final int MAX_REASON = 120;

    private static final Map<String, MalformedMessages> BY_STACK = new ConcurrentHashMap<>();

    private final LongAdder count = new LongAdder();
    private final RateLimitedLog limit;
    private final Logger log;

    MalformedMessages(RateLimitedLog limit, Logger log) {
        this.limit = limit;
        this.log = log;
    }

    /** The accounting of the stack called {@code stackName}, created on first use. */
    public static MalformedMessages of(String stackName) {
        return BY_STACK.computeIfAbsent(stackName,
                n -> new MalformedMessages(new RateLimitedLog(INTERVAL), LoggerFactory.getLogger(LOGGER_NAME)));
    }

    /** Counts one dropped or refused message and logs a one-line summary if the interval allows. */
    public void record(String source, String reason) {
        count.increment();
        long suppressed = limit.tryAcquire();
        if (suppressed >= 0) {
            log.warn("malformed SIP message from {} refused: {} ({} more since the last report)", source,
                    oneLine(reason), suppressed);
        }
    }

    /** Messages counted since the stack started. */
    public long count() {
        return count.sum();
    }

    /** {@code text} without line breaks and cut to {@link #MAX_REASON} characters, safe to log or reply with. */
    public static String oneLine(String text) {
        if (text == null) {
            return "unparsable";
        }
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.length() <= MAX_REASON ? flat : flat.substring(0, MAX_REASON) + "...";
    }
}
