package jakarta.servlet.sip;

import java.util.EventListener;

/**
 * Receives the expiry of {@link ServletTimer}s created through the {@link TimerService}. An
 * application that creates timers must declare exactly one TimerListener; the timer's
 * {@link ServletTimer#getInfo() info} tells the listener which task is due.
 *
 * @since 1.0
 */
public interface TimerListener extends EventListener {

    /**
     * Notification that the given timer has expired.
     *
     * @param timer the timer that expired
     */
    void timeout(ServletTimer timer);
}
