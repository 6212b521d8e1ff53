package io.sipcontainer.message;

import jakarta.servlet.sip.SessionKeepAlive;

/**
 * The RFC 4028 settings of one message (see {@link SessionTimers}): read from a received
 * request's Session-Expires and Min-SE, inherited by the responses made for it, and set by the
 * application on what it sends.
 */
final class KeepAlivePreference implements SessionKeepAlive.Preference {
    /** RFC 4028 4: the smallest session interval anyone may ask for. */
    static final int MIN_SE = 90;
    /** RFC 4028 4: the recommended session interval. */
    static final int DEFAULT_EXPIRATION = 1800;

    private boolean enabled;
    private int expiration = DEFAULT_EXPIRATION;
    private int minimumExpiration = MIN_SE;
    private SessionKeepAlive.Refresher refresher;

    KeepAlivePreference copy() {
        KeepAlivePreference p = new KeepAlivePreference();
        p.enabled = enabled;
        p.expiration = expiration;
        p.minimumExpiration = minimumExpiration;
        p.refresher = refresher;
        return p;
    }

    /** Sets what a received message said, without the checks the application's values pass. */
    void received(int expiration, int minimumExpiration, SessionKeepAlive.Refresher refresher) {
        this.enabled = true;
        this.expiration = expiration;
        this.minimumExpiration = minimumExpiration;
        this.refresher = refresher;
    }

    @Override
    public boolean getEnabled() {
        return enabled;
    }

    @Override
    public SessionKeepAlive.Preference setEnabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    @Override
    public int getExpiration() {
        return expiration;
    }

    @Override
    public SessionKeepAlive.Preference setExpiration(int seconds) {
        if (seconds < MIN_SE || seconds < minimumExpiration) {
            throw new IllegalArgumentException("session interval " + seconds + " s is below the minimum "
                    + Math.max(MIN_SE, minimumExpiration) + " s (RFC 4028)");
        }
        this.expiration = seconds;
        return this;
    }

    @Override
    public int getMinimumExpiration() {
        return minimumExpiration;
    }

    @Override
    public SessionKeepAlive.Preference setMinimumExpiration(int seconds) {
        if (seconds < MIN_SE) {
            throw new IllegalArgumentException("Min-SE " + seconds + " s is below 90 s (RFC 4028)");
        }
        this.minimumExpiration = seconds;
        if (expiration < seconds) {
            expiration = seconds;
        }
        return this;
    }

    @Override
    public SessionKeepAlive.Refresher getRefresher() {
        return refresher;
    }

    @Override
    public SessionKeepAlive.Preference setRefresher(SessionKeepAlive.Refresher refresher) {
        this.refresher = refresher;
        return this;
    }
}
