package io.sipcontainer.stack;

/** The SIP stack could not be created or could not bind a configured socket. */
public class StackException extends Exception {
    private static final long serialVersionUID = 1L;

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
