package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Implemented by an attribute value that wants to know when it is bound to or unbound from a
 * {@link SipApplicationSession}, whether by an explicit set/remove, by invalidation or by
 * expiry of the application session.
 *
 * @since 1.1
 */
public interface SipApplicationSessionBindingListener extends EventListener {

    /**
     * Notifies the object that it is being bound to an application session.
     *
     * @param event the event identifying the application session and the attribute name
     */
    void valueBound(SipApplicationSessionBindingEvent event);

    /**
     * Notifies the object that it is being unbound from an application session.
     *
     * @param event the event identifying the application session and the attribute name
     */
    void valueUnbound(SipApplicationSessionBindingEvent event);
}
