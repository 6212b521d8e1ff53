package jakarta.servlet.sip;

import jakarta.servlet.ServletException;

/**
 * Thrown when a provisional response cannot be sent reliably (RFC 3262 "100rel") or a PRACK
 * cannot be created: the response is not a 101-199 response, the request is not an INVITE, the
 * UAC did not announce 100rel support, the container does not support it, or the response to
 * acknowledge was not sent reliably. {@link #getReason()} tells which.
 *
 * @since 1.0
 */
public class Rel100Exception extends ServletException {

    private static final long serialVersionUID = 1L;

    /**
     * {@code sendReliably()} or {@code createPrack()} was invoked on a final or a 100 response.
     */
    public static final int NOT_1XX = 0;

    /** The response is not to an INVITE request. */
    public static final int NOT_INVITE = 1;

    /** The UAC did not indicate support for reliable provisional responses in its request. */
    public static final int NO_REQ_SUPPORT = 2;

    /** The container does not support reliable provisional responses. */
    public static final int NOT_SUPPORTED = 3;

    /**
     * {@code createPrack()} was invoked on a provisional response that was not sent reliably.
     *
     * @since 1.1
     */
    public static final int NOT_100rel = 4;

    private final int reason;

    /**
     * Creates an exception for the given reason code.
     *
     * @param reason one of the reason constants of this class
     */
    public Rel100Exception(int reason) {
        this.reason = reason;
    }

    /** Returns a message describing the reason code. */
    @Override
    public String getMessage() {
        switch (reason) {
            case NOT_1XX:
                return "Response is not a 101-199 provisional response";
            case NOT_INVITE:
                return "Response is not to an INVITE request";
            case NO_REQ_SUPPORT:
                return "The UAC did not indicate support for 100rel in the request";
            case NOT_SUPPORTED:
                return "Reliable provisional responses are not supported by the container";
            case NOT_100rel:
                return "The provisional response was not sent reliably";
            default:
                return "Reliable provisional response failure, reason " + reason;
        }
    }

    /** Returns the reason code, one of the constants of this class. */
    public int getReason() {
        return reason;
    }
}
