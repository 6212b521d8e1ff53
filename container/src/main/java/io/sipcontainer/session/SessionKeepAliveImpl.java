package io.sipcontainer.session;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.sip.SessionKeepAlive;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipSession.State;

/**
 * The RFC 4028 session timer of one confirmed INVITE dialog, as negotiated in its last 2xx to an
 * INVITE or UPDATE: when this side refreshes, at half the interval the refresh callback runs, or
 * without one the container sends an UPDATE carrying Session-Expires; when the other side
 * refreshes and nothing arrived by the interval minus min(32 s, a third), the expiry callback
 * runs, or without one the container ends the dialog with BYE (RFC 4028 10). Every 2xx refresh,
 * either way, arms the timer again.
 */
public final class SessionKeepAliveImpl implements SessionKeepAlive {
    private static final Logger LOG = LoggerFactory.getLogger(SessionKeepAliveImpl.class);

    private final SipSessionImpl session;
    private volatile int expiration;
    private volatile int minimumExpiration;
    private volatile Refresher refresher;
    private volatile boolean weRefresh;
    private volatile Callback refreshCallback;
    private volatile Callback expiryCallback;
    private ScheduledFuture<?> task;

    SessionKeepAliveImpl(SipSessionImpl session) {
        this.session = session;
    }

    /**
     * A 2xx (sent or received) set the session interval: the timer starts again from now.
     *
     * @param weRefresh whether this side is the refresher (the refresher parameter names a side of
     *                  the refresh transaction, which either end of the dialog may have sent)
     */
    public synchronized void negotiated(int expiration, int minimumExpiration, boolean weRefresh) {
        this.expiration = expiration;
        this.minimumExpiration = minimumExpiration;
        // reported in the dialog's terms: UAC is the end that sent the initial INVITE
        Refresher ours = session.dialog().mode() == jakarta.servlet.sip.UAMode.UAS ? Refresher.UAS : Refresher.UAC;
        this.refresher = weRefresh ? ours : ours == Refresher.UAS ? Refresher.UAC : Refresher.UAS;
        this.weRefresh = weRefresh;
        cancel();
        long delay = delayMillis(expiration, weRefresh);
        task = session.applicationSession().context().scheduler().schedule(
                () -> session.applicationSession().executor().execute(this::due), delay, TimeUnit.MILLISECONDS);
    }

    /** When the timer fires after a 2xx: the refresher at half the interval, the other side before it ends. */
    static long delayMillis(int expirationSeconds, boolean weRefresh) {
        long seconds = weRefresh ? expirationSeconds / 2L : expirationSeconds - Math.min(32L, expirationSeconds / 3L);
        return seconds * 1000L;
    }

    /** A 2xx to a refresh without Session-Expires turned the session timer off (RFC 4028 7.2, 9). */
    public void turnedOff() {
        cancel();
    }

    synchronized void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void due() {
        if (!session.isValid() || session.getState() != State.CONFIRMED) {
            return;
        }
        Callback callback = weRefresh ? refreshCallback : expiryCallback;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try {
            if (callback != null) {
                ClassLoader app = session.applicationSession().context().classLoader();
                if (app != null) {
                    Thread.currentThread().setContextClassLoader(app);
                }
                callback.handle(session);
            } else if (weRefresh) {
                // the sender of this refresh, the UAC of its transaction, stays the refresher
                SipServletRequest update = session.createRequest("UPDATE");
                Preference asked = update.getSessionKeepAlivePreference().setEnabled(true).setRefresher(Refresher.UAC);
                try {
                    asked.setExpiration(expiration);
                } catch (IllegalArgumentException belowOurMinimum) { // the peer's interval, accepted as it came
                    asked.setEnabled(false);
                    update.setHeader("Session-Expires", expiration + ";refresher=uac");
                    update.setHeader("Supported", "timer");
                }
                update.send();
            } else {
                LOG.info("Session {} expired without refresh (RFC 4028, {} s): sending BYE", session.getId(), expiration);
                cancel();
                session.createRequest("BYE").send();
            }
        } catch (Exception e) {
            LOG.warn("Session timer of {} failed", session.getId(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public int getExpiration() {
        return expiration;
    }

    @Override
    public int getMinimumExpiration() {
        return minimumExpiration;
    }

    @Override
    public Refresher getRefresher() {
        return refresher;
    }

    @Override
    public void setRefreshCallback(Callback callback) {
        this.refreshCallback = callback;
    }

    @Override
    public void setExpiryCallback(Callback callback) {
        this.expiryCallback = callback;
    }
}
