package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Application-wide listener for the life cycle of {@link SipApplicationSession}s: creation,
 * destruction, expiry and reaching the ready-to-invalidate state. The expiry callback is the
 * application's chance to extend the session with
 * {@link SipApplicationSession#setExpires(int)}.
 *
 * @since 1.0
 */
public interface SipApplicationSessionListener extends EventListener {

    /**
     * Notification that an application session was created.
     *
     * @param ev the event identifying the application session
     */
    void sessionCreated(SipApplicationSessionEvent ev);

    /**
     * Notification that an application session was invalidated and is being destroyed.
     *
     * @param ev the event identifying the application session
     */
    void sessionDestroyed(SipApplicationSessionEvent ev);

    /**
     * Notification that an application session has expired. The listener may extend its lifetime
     * with {@code getApplicationSession().setExpires(...)}; otherwise it is invalidated.
     *
     * @param ev the event identifying the application session
     */
    void sessionExpired(SipApplicationSessionEvent ev);

    /**
     * Notification that an application session is ready to be invalidated. The container
     * invalidates it after this callback unless the listener calls
     * {@code getApplicationSession().setInvalidateWhenReady(false)}.
     *
     * @param ev the event identifying the application session
     * @since 1.1
     */
    void sessionReadyToInvalidate(SipApplicationSessionEvent ev);
}
