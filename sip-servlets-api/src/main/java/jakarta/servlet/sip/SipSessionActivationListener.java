package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Lets objects bound to a {@link SipSession} know when that session is about to be passivated
 * or has just been activated, so they can release and re-acquire resources that do not survive
 * serialization in a distributed container.
 *
 * @since 1.1
 */
public interface SipSessionActivationListener extends EventListener {

    /**
     * Notification that the session has just been activated.
     *
     * @param se the event identifying the session
     */
    void sessionDidActivate(SipSessionEvent se);

    /**
     * Notification that the session is about to be passivated.
     *
     * @param se the event identifying the session
     */
    void sessionWillPassivate(SipSessionEvent se);
}
