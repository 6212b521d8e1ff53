package io.sipcontainer.message;

import jakarta.servlet.sip.SessionKeepAlive;

/**
 * The RFC 4028 settings of one message (see {@link SessionTimers}): read from a received
 * request's Session-Expires and Min-SE, inherited by the responses made for it, and set by the
 * application on what it sends, never below this server's smallest interval ({@code sst.min_se},
 * RFC 4028's 90 s unless configured otherwise).
 */
final class KeepAlivePreference implements SessionKeepAlive.Preference {
    /** RFC 4028 4: Min-SE when a message has none. */
    static final int MIN_SE = SessionTimerSettings.RFC_MIN_SE;
    /** RFC 4028 4: the recommended session interval. */
    static final int DEFAULT_EXPIRATION = 1800;

    private final int floor;
    private boolean enabled;
    private int expiration = DEFAULT_EXPIRATION;
    private int minimumExpiration;
    private SessionKeepAlive.Refresher refresher;

    /** @param floor this server's smallest session interval ({@code sst.min_se}) */
    KeepAlivePreference(int floor) {
        this.floor = floor;
        this.minimumExpiration = floor;
    }

    KeepAlivePreference copy() {
        KeepAlivePreference p = new KeepAlivePreference(floor);
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
        if (seconds < floor || seconds < minimumExpiration) {
            throw new IllegalArgumentException("session interval " + seconds + " s is below the minimum "
                    + Math.max(floor, minimumExpiration) + " s (RFC 4028, sst.min_se)");
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
        if (seconds < floor) {
            throw new IllegalArgumentException("Min-SE " + seconds + " s is below this server's " + floor
                    + " s (RFC 4028, sst.min_se)");
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
