package io.sipcontainer.service;

import java.util.Objects;

/**
 * Thrown when the server configuration cannot be read or holds a bad value. The message always
 * names where the problem is and why, in the form {@code <file>:<line>: <reason>} for a line of the
 * configuration file, {@code <file>: <reason>} for the file as a whole, and
 * {@code -D<key>: <reason>} for a command-line override, so an operator can fix it without reading
 * code.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    /**
     * @param source the file name (as given) or the override ({@code -Dkey}) the problem is in
     * @param line the 1-based line number, or 0 when the problem is not on one line
     * @param reason what is wrong, in words
     */
    public ConfigException(String source, int line, String reason) {
        this(source, line, reason, null);
    }

    public ConfigException(String source, int line, String reason, Throwable cause) {
        super(format(source, line, reason), cause);
        this.source = Objects.requireNonNull(source, "source");
        this.line = line;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String format(String source, int line, String reason) {
        return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
    }

    /** The file name or {@code -Dkey} override the problem was found in. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when it is not tied to one line. */
    public int line() {
        return line;
    }

    /** The reason alone, without the source and line. */
    public String reason() {
        return reason;
    }
}
