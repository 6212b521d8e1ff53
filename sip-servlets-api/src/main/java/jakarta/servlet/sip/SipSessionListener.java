package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Application-wide listener for the life cycle of {@link SipSession}s: creation, destruction and
 * reaching the ready-to-invalidate state (for example once a dialog has been terminated by BYE).
 *
 * @since 1.0
 */
public interface SipSessionListener extends EventListener {

    /**
     * Notification that a session was created.
     *
     * @param se the event identifying the session
     */
    void sessionCreated(SipSessionEvent se);

    /**
     * Notification that a session was destroyed.
     *
     * @param se the event identifying the session
     */
    void sessionDestroyed(SipSessionEvent se);

    /**
     * Notification that a session is ready to be invalidated. The container invalidates it after
     * this callback unless the listener calls {@code getSession().setInvalidateWhenReady(false)}.
     *
     * @param se the event identifying the session
     * @since 1.1
     */
    void sessionReadyToInvalidate(SipSessionEvent se);
}
