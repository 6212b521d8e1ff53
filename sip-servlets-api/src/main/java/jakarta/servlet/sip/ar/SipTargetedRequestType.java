package jakarta.servlet.sip.ar;

/**
 * How an initial request targets an existing application session, bypassing normal
 * application selection.
 *
 * @since 1.1
 */
public enum SipTargetedRequestType {

    /** The Request-URI carries an application session encoded by {@code encodeURI}. */
    ENCODED_URI,

    /** The request has a Join header (RFC 3911) matching an existing dialog. */
    JOIN,

    /** The request has a Replaces header (RFC 3891) matching an existing dialog. */
    REPLACES
}
