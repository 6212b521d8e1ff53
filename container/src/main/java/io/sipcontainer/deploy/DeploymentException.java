package io.sipcontainer.deploy;

/**
 * Says why an application could not be deployed: the archive it came from, where inside it the
 * problem is (a file such as {@code WEB-INF/sip.xml} and a line, when known) and the reason in plain
 * words. Deployment problems are configuration errors an operator has to fix, so the message is
 * written for a human reading a log: {@code "app.sar: WEB-INF/sip.xml line 12: servlet-class is missing"}.
 */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Value of {@link #line()} when the location has no line number. */
    public static final int NO_LINE = -1;

    private final String archiveName;
    private final String location;
    private final int line;
    private final String reason;

    public DeploymentException(String archiveName, String reason) {
        this(archiveName, null, NO_LINE, reason, null);
    }

    public DeploymentException(String archiveName, String reason, Throwable cause) {
        this(archiveName, null, NO_LINE, reason, cause);
    }

    /**
     * @param archiveName file name of the .sar or exploded directory
     * @param location    file inside the archive the problem is in, or null
     * @param line        line in that file, or {@link #NO_LINE}
     * @param reason      what is wrong
     * @param cause       underlying exception, or null
     */
    public DeploymentException(String archiveName, String location, int line, String reason, Throwable cause) {
        super(format(archiveName, location, line, reason), cause);
        this.archiveName = archiveName;
        this.location = location;
        this.line = line > 0 ? line : NO_LINE;
        this.reason = reason;
    }

    private static String format(String archiveName, String location, int line, String reason) {
        StringBuilder text = new StringBuilder(archiveName);
        if (location != null) {
            text.append(": ").append(location);
        }
        if (line > 0) {
            text.append(location == null ? ": line " : " line ").append(line);
        }
        return text.append(": ").append(reason).toString();
    }

    /** File name of the archive or exploded directory being deployed. */
    public String archiveName() {
        return archiveName;
    }

    /** File inside the archive the problem was found in (e.g. {@code WEB-INF/sip.xml}), or null. */
    public String location() {
        return location;
    }

    /** Line of {@link #location()} the problem is on, or {@link #NO_LINE} when unknown. */
    public int line() {
        return line;
    }

    /** The reason alone, without archive name and location. */
    public String reason() {
        return reason;
    }
}
