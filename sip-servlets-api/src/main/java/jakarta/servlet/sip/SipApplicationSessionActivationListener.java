package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Lets objects bound to a {@link SipApplicationSession} know when that application session is
 * about to be passivated (serialized, e.g. for migration to another node of a distributed
 * container) or has just been activated again, so they can release and re-acquire resources that
 * do not survive serialization. The container must notify every attribute implementing this
 * interface.
 *
 * @since 1.1
 */
public interface SipApplicationSessionActivationListener extends EventListener {

    /**
     * Notification that the application session has just been activated.
     *
     * @param se the event identifying the application session
     */
    void sessionDidActivate(SipApplicationSessionEvent se);

    /**
     * Notification that the application session is about to be passivated.
     *
     * @param se the event identifying the application session
     */
    void sessionWillPassivate(SipApplicationSessionEvent se);
}
