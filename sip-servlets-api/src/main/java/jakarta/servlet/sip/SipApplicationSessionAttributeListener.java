package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Application-wide listener notified whenever an attribute is added to, removed from or replaced
 * in any {@link SipApplicationSession} of the application. Unlike
 * {@link SipApplicationSessionBindingListener}, it is declared by the application (deployment
 * descriptor or {@code @SipListener}) rather than implemented by the attribute value.
 *
 * @since 1.1
 */
public interface SipApplicationSessionAttributeListener extends EventListener {

    /**
     * Notification that an attribute has been added; called after the addition.
     *
     * @param ev the event identifying the application session and the attribute name
     */
    void attributeAdded(SipApplicationSessionBindingEvent ev);

    /**
     * Notification that an attribute has been removed; called after the removal.
     *
     * @param ev the event identifying the application session and the attribute name
     */
    void attributeRemoved(SipApplicationSessionBindingEvent ev);

    /**
     * Notification that an attribute has been replaced; called after the replacement.
     *
     * @param ev the event identifying the application session and the attribute name
     */
    void attributeReplaced(SipApplicationSessionBindingEvent ev);
}
