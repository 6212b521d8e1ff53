package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Notified once a {@link SipServlet} of the application has been initialized (its
 * {@code init} method returned). Typically used by applications that must send requests at
 * startup, which is only safe once the servlet is ready to receive the responses.
 *
 * @since 1.1
 */
public interface SipServletListener extends EventListener {

    /**
     * Notification that the SIP servlet in the event has been initialized.
     *
     * @param ce the event identifying the servlet and its context
     */
    void servletInitialized(SipServletContextEvent ce);
}
