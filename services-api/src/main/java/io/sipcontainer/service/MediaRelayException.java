package io.sipcontainer.service;

/**
 * A media relay operation that did not succeed: the relay refused it (the message is its reason)
 * or no relay instance answered in time ({@link #isTimeout()}).
 */
public class MediaRelayException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    public MediaRelayException(String message, boolean timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** True when no relay answered, false when one answered with an error. */
    public boolean isTimeout() {
        return timeout;
    }
}
