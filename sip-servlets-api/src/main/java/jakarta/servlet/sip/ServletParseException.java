package jakarta.servlet.sip;

import jakarta.servlet.ServletException;

/**
 * Thrown when a SIP message, header value, address or URI cannot be parsed, for example by
 * {@link SipFactory#createAddress(String)} or {@link SipServletMessage#getAddressHeader(String)}.
 *
 * @since 1.0
 */
public class ServletParseException extends ServletException {

    private static final long serialVersionUID = 1L;

    /** Creates a parse exception without a message. */
    public ServletParseException() {
        super();
    }

    /** Creates a parse exception with the given message. */
    public ServletParseException(String message) {
        super(message);
    }

    /** Creates a parse exception with the given message and cause. */
    public ServletParseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates a parse exception with the given cause. */
    public ServletParseException(Throwable cause) {
        super(cause);
    }
}
