package io.sipcontainer.it.support;

/**
 * What one SIPp run produced: its exit code (0 means every call succeeded, 1 that some failed,
 * 255 a fatal error or the global timeout, -1 that the test had to kill it), the successful and
 * failed call counts from SIPp's statistics file (-1 if SIPp wrote none), and its output. SIPp's
 * error log, when there is one, is appended to {@code stderr} under a marker line.
 */
public record SippResult(int exitCode, long successful, long failed, String stdout, String stderr) {

    /** True when SIPp exited normally with every call successful. */
    public boolean allSucceeded() {
        return exitCode == 0 && failed == 0;
    }

    /** A summary for assertion messages: counts, exit code and the tail of SIPp's output. */
    @Override
    public String toString() {
        return "SIPp exit " + exitCode + ", " + successful + " successful, " + failed + " failed"
                + "\n--- stderr ---\n" + tail(stderr) + "\n--- stdout ---\n" + tail(stdout);
    }

    private static String tail(String text) {
        int max = 4000;
        return text.length() <= max ? text : "..." + text.substring(text.length() - max);
    }
}
