package jakarta.servlet.sip;

import java.io.Serializable;

/**
 * A timer created through {@link TimerService}: it belongs to a {@link SipApplicationSession} and,
 * when it fires, the container invokes the application's {@link TimerListener}. It may be one-shot
 * or repeating.
 */
public interface ServletTimer {

    /** Cancels this timer; a repeating timer stops repeating. */
    void cancel();

    /** Returns the application session this timer belongs to. */
    SipApplicationSession getApplicationSession();

    /** Returns the identifier of this timer, unique within its application session. */
    String getId();

    /** Returns the information object given when the timer was created. */
    Serializable getInfo();

    /** Returns the number of milliseconds until the next expiration; negative if it is overdue. */
    long getTimeRemaining();

    /** Returns the time of the most recent scheduled expiration, in milliseconds since the epoch. */
    long scheduledExecutionTime();
}
