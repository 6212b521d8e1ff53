package io.sipcontainer.timer;

import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.sip.ServletTimer;
import jakarta.servlet.sip.SipApplicationSession;
import jakarta.servlet.sip.TimerListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.TimerState;

/** One scheduled timer: one-shot, fixed-rate or fixed-delay, as the TimerService created it. */
final class ServletTimerImpl implements ServletTimer, TimerState.Source {
    private static final Logger LOG = LoggerFactory.getLogger(ServletTimerImpl.class);

    private final String id = UUID.randomUUID().toString();
    private final TimerServiceImpl service;
    private final SipApplicationSessionImpl appSession;
    private final Serializable info;
    private final long delay;
    private final long period;
    private final boolean fixedDelay;
    private volatile long nextRun;
    private volatile boolean cancelled;
    private ScheduledFuture<?> future;

    ServletTimerImpl(TimerServiceImpl service, SipApplicationSessionImpl appSession, Serializable info, long delay,
            long period, boolean fixedDelay) {
        this.service = service;
        this.appSession = appSession;
        this.info = info;
        this.delay = delay;
        this.period = period;
        this.fixedDelay = fixedDelay;
    }

    @Override
    public TimerState state() {
        return new TimerState(info, nextRun, period, fixedDelay);
    }

    synchronized void start(ScheduledExecutorService scheduler) {
        nextRun = System.currentTimeMillis() + delay;
        Runnable fire = () -> appSession.executor().execute(this::fire);
        if (period < 0) {
            future = scheduler.schedule(fire, delay, TimeUnit.MILLISECONDS);
        } else if (fixedDelay) {
            future = scheduler.scheduleWithFixedDelay(fire, delay, period, TimeUnit.MILLISECONDS);
        } else {
            future = scheduler.scheduleAtFixedRate(fire, delay, period, TimeUnit.MILLISECONDS);
        }
    }

    private void fire() {
        if (cancelled || !appSession.isValid()) {
            return;
        }
        if (period < 0) {
            service.forget(this);
        } else {
            nextRun = System.currentTimeMillis() + period;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(service.app().servletContext().getClassLoader());
        try {
            appSession.access();
            for (TimerListener l : service.app().listeners(TimerListener.class)) {
                l.timeout(this);
            }
        } catch (RuntimeException e) {
            LOG.error("TimerListener of {} failed", service.app().applicationName(), e);
        } finally {
            thread.setContextClassLoader(previous);
            if (appSession.isValid()) {
                if (appSession.isDirty()) {
                    appSession.context().store().save(appSession);
                }
            }
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        synchronized (this) {
            if (future != null) {
                future.cancel(false);
            }
        }
        service.forget(this);
    }

    @Override
    public SipApplicationSession getApplicationSession() {
        return appSession;
    }

    SipApplicationSessionImpl applicationSessionImpl() {
        return appSession;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public Serializable getInfo() {
        return info;
    }

    @Override
    public long getTimeRemaining() {
        return nextRun - System.currentTimeMillis();
    }

    @Override
    public long scheduledExecutionTime() {
        return nextRun;
    }
}
