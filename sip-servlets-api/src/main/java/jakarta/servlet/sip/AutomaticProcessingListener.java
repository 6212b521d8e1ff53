package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Receives the outcome of work the container does on its own for an application, such as the
 * BYE or CANCEL it sends for {@link SipSession#terminateDialog(AutomaticProcessingListener)}:
 * the application learns when such a request failed or got no answer.
 *
 * @since 2.0
 */
public interface AutomaticProcessingListener extends EventListener {

    /**
     * A request the container sent automatically was answered with an error response.
     *
     * @param response the error response received
     */
    void errorResponseReceived(SipServletResponse response);

    /**
     * A request the container sent automatically got no final response in time.
     *
     * @param request the request that timed out
     */
    void timeout(SipServletRequest request);
}
