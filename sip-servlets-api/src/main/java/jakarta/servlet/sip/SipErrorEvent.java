package jakarta.servlet.sip;

import java.util.EventObject;

/**
 * Event passed to a {@link SipErrorListener}: the request of the failed transaction (the source
 * of the event) and the response the application had sent, which was not acknowledged.
 *
 * @since 1.0
 */
public class SipErrorEvent extends EventObject {

    private static final long serialVersionUID = 1L;

    // transient like EventObject's source: messages are not meant to be serialized with the event
    private final transient SipServletResponse response;

    /**
     * Creates an error event.
     *
     * @param request the request of the transaction that failed; the source of the event
     * @param response the response that was not acknowledged
     */
    public SipErrorEvent(SipServletRequest request, SipServletResponse response) {
        super(request);
        this.response = response;
    }

    /** Returns the request of the transaction that failed. */
    public SipServletRequest getRequest() {
        return (SipServletRequest) getSource();
    }

    /** Returns the response that was sent and not acknowledged. */
    public SipServletResponse getResponse() {
        return response;
    }
}
