package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Application-wide listener for transaction-level errors that the application cannot otherwise
 * observe on a UAS: no ACK arriving for a 2xx response to an INVITE, and no PRACK arriving for a
 * reliably sent provisional response (RFC 3262).
 *
 * @since 1.0
 */
public interface SipErrorListener extends EventListener {

    /**
     * Invoked when an ACK for a 2xx response to an INVITE was not received in time.
     *
     * @param ee the event carrying the request and the unacknowledged response
     */
    void noAckReceived(SipErrorEvent ee);

    /**
     * Invoked when a PRACK for a reliable provisional response was not received in time.
     *
     * @param ee the event carrying the request and the unacknowledged response
     */
    void noPrackReceived(SipErrorEvent ee);
}
