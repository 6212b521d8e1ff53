package io.sipcontainer.timer;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.sip.ServletTimer;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.TimerService;

import io.sipcontainer.session.SessionContext;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.TimerState;

/**
 * The TimerService of one application: timers fire on the scheduler and run the application's
 * TimerListener on the application session's serial executor, so a timer never runs at the same
 * time as a message of its session. Timers are local to the node that created them.
 */
public final class TimerServiceImpl implements TimerService {
    private final SessionContext app;
    private final Map<String, ServletTimerImpl> timers = new ConcurrentHashMap<>();

    public TimerServiceImpl(SessionContext app) {
        this.app = app;
    }

    @Override
    public ServletTimer createTimer(SipApplicationSession appSession, long delay, boolean isPersistent,
            Serializable info) {
        return schedule(appSession, delay, -1, false, info);
    }

    @Override
    public ServletTimer createTimer(SipApplicationSession appSession, long delay, long period, boolean fixedDelay,
            boolean isPersistent, Serializable info) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        return schedule(appSession, delay, period, fixedDelay, info);
    }

    private ServletTimer schedule(SipApplicationSession appSession, long delay, long period, boolean fixedDelay,
            Serializable info) {
        if (!(appSession instanceof SipApplicationSessionImpl s) || !s.isValid()) {
            throw new IllegalStateException("the application session is not valid");
        }
        if (delay < 0) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        ServletTimerImpl timer = new ServletTimerImpl(this, s, info, delay, period, fixedDelay);
        timers.put(timer.getId(), timer);
        s.addTimer(timer);
        timer.start(app.scheduler());
        return timer;
    }

    /** Schedules again a timer of a session taken over from another node (late ones fire at once). */
    public void restore(SipApplicationSessionImpl session, TimerState state) {
        long delay = Math.max(0, state.nextRun() - System.currentTimeMillis());
        schedule(session, delay, state.period(), state.fixedDelay(), state.info());
    }

    SessionContext app() {
        return app;
    }

    void forget(ServletTimerImpl timer) {
        timers.remove(timer.getId());
        timer.applicationSessionImpl().removeTimer(timer);
    }

    /** Cancels every timer of the application, on undeploy. */
    public void cancelAll() {
        for (ServletTimerImpl t : timers.values()) {
            t.cancel();
        }
    }

    public int size() {
        return timers.size();
    }
}
