package jakarta.servlet.sip;

import java.io.Serializable;

/**
 * Creates {@link ServletTimer}s bound to application sessions; their expirations are delivered to
 * the application's {@link TimerListener}. Available as the servlet context attribute
 * {@link SipServlet#TIMER_SERVICE} and by injection.
 */
public interface TimerService {

    /**
     * Creates a one-shot timer.
     *
     * @param appSession the application session the timer belongs to
     * @param delay milliseconds before the timer fires
     * @param isPersistent whether the timer survives a container restart
     * @param info application information delivered back with the timer
     * @throws IllegalStateException if the application session is invalid
     */
    ServletTimer createTimer(SipApplicationSession appSession, long delay, boolean isPersistent, Serializable info);

    /**
     * Creates a repeating timer.
     *
     * @param appSession the application session the timer belongs to
     * @param delay milliseconds before the first expiration
     * @param period milliseconds between expirations
     * @param fixedDelay true for fixed-delay scheduling, false for fixed-rate
     * @param isPersistent whether the timer survives a container restart
     * @param info application information delivered back with the timer
     * @throws IllegalStateException if the application session is invalid
     */
    ServletTimer createTimer(SipApplicationSession appSession, long delay, long period, boolean fixedDelay,
            boolean isPersistent, Serializable info);
}
