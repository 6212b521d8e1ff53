package io.sipcontainer.console;

/**
 * A console API request that cannot be carried out, with the HTTP status to answer and a message
 * for the operator (shown as is on the page, so it says what to do).
 */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
