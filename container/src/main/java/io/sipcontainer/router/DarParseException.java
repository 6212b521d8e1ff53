package io.sipcontainer.router;

/**
 * Thrown when a Default Application Router configuration cannot be understood. It names the file,
 * the (1-based) line and the reason, so an operator can fix the file without reading code; the
 * message reads like {@code conf/dar.properties line 3: expected 6 fields in tuple, got 4}.
 * Unchecked because it is a configuration error that callers can only report, never recover from
 * locally (the router keeps its previous table when a reload fails).
 */
public final class DarParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int lineNumber;
    private final String reason;

    public DarParseException(String sourceName, int lineNumber, String reason) {
        super(sourceName + " line " + lineNumber + ": " + reason);
        this.sourceName = sourceName;
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** The file (or other source) name the text came from. */
    public String sourceName() {
        return sourceName;
    }

    /** The 1-based physical line on which the faulty entry or tuple starts. */
    public int lineNumber() {
        return lineNumber;
    }

    /** What is wrong, without the location prefix. */
    public String reason() {
        return reason;
    }
}
