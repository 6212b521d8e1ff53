package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Implemented by an attribute value that wants to know when it is bound to or unbound from a
 * {@link SipSession}, whether by an explicit set/remove, by invalidation or by timeout.
 *
 * @since 1.0
 */
public interface SipSessionBindingListener extends EventListener {

    /**
     * Notifies the object that it is being bound to a session.
     *
     * @param event the event identifying the session and the attribute name
     */
    void valueBound(SipSessionBindingEvent event);

    /**
     * Notifies the object that it is being unbound from a session.
     *
     * @param event the event identifying the session and the attribute name
     */
    void valueUnbound(SipSessionBindingEvent event);
}
