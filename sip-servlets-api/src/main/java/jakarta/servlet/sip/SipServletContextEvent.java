package jakarta.servlet.sip;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;

/**
 * Event passed to a {@link SipServletListener} when a SIP servlet has been initialized: the
 * servlet context of the application plus the servlet that became ready.
 *
 * @since 1.1
 */
public class SipServletContextEvent extends ServletContextEvent {

    private static final long serialVersionUID = 1L;

    private final transient SipServlet servlet;

    /**
     * Creates an event for a servlet of the given context.
     *
     * @param context the servlet context of the application
     * @param servlet the SIP servlet that has been initialized
     */
    public SipServletContextEvent(ServletContext context, SipServlet servlet) {
        super(context);
        this.servlet = servlet;
    }

    /** Returns the servlet that has been initialized. */
    public SipServlet getSipServlet() {
        return servlet;
    }
}
