package io.sipcontainer.session;

import java.io.Serializable;

/**
 * A servlet timer as a session replica carries it: enough for the node that takes the session
 * over to schedule it again ({@link SessionContext#restoreTimer}).
 *
 * @param info       the application's object given at creation
 * @param nextRun    when it fires next, epoch milliseconds
 * @param period     the repeat period in milliseconds, or -1 for a one-shot timer
 * @param fixedDelay repeats with a fixed delay rather than at a fixed rate
 */
public record TimerState(Serializable info, long nextRun, long period, boolean fixedDelay) implements Serializable {

    /** What a timer that can be replicated tells about itself. */
    public interface Source {
        TimerState state();
    }
}
