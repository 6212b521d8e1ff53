package io.sipcontainer.rtpengine;

/**
 * An ng command that did not succeed: rtpengine answered {@code result: error} (its
 * {@code error-reason} is the message), or no instance answered in time ({@link #isTimeout()}).
 */
public final class NgException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    NgException(String message, boolean timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** True when the instance did not answer (or none was available), as opposed to answering an error. */
    public boolean isTimeout() {
        return timeout;
    }
}
