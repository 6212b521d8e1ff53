package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Application-wide listener notified whenever an attribute is added to, removed from or replaced
 * in any {@link SipSession} of the application.
 *
 * @since 1.0
 */
public interface SipSessionAttributeListener extends EventListener {

    /**
     * Notification that an attribute has been added to a session; called after the addition.
     *
     * @param ev the event identifying the session and the attribute name
     */
    void attributeAdded(SipSessionBindingEvent ev);

    /**
     * Notification that an attribute has been removed from a session; called after the removal.
     *
     * @param ev the event identifying the session and the attribute name
     */
    void attributeRemoved(SipSessionBindingEvent ev);

    /**
     * Notification that an attribute has been replaced in a session; called after the replacement.
     *
     * @param ev the event identifying the session and the attribute name
     */
    void attributeReplaced(SipSessionBindingEvent ev);
}
