package jakarta.servlet.sip;

import jakarta.servlet.ServletException;

/**
 * Thrown when an application asks for a {@link Proxy} for a request whose Max-Forwards header is
 * 0. The application may catch it and answer the request itself; if it lets the exception escape,
 * the container answers with 483 (Too Many Hops), as RFC 3261 section 16.3 requires.
 *
 * @since 1.0
 */
public class TooManyHopsException extends ServletException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception without a message. */
    public TooManyHopsException() {
        super();
    }

    /** Creates an exception with the given message. */
    public TooManyHopsException(String message) {
        super(message);
    }

    /** Creates an exception with the given message and cause. */
    public TooManyHopsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates an exception with the given cause. */
    public TooManyHopsException(Throwable cause) {
        super(cause);
    }
}
