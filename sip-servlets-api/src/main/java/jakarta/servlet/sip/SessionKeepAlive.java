package jakarta.servlet.sip;

/**
 * The RFC 4028 session timer of an INVITE dialog, as negotiated by the container: the session
 * interval, who refreshes, and callbacks run when a refresh is due or when the session expires
 * without refresh. Obtained from {@link SipSession#getKeepAlive()} once keep-alive is active; it is
 * enabled beforehand through the {@link Preference} of the initial INVITE or its response
 * ({@link SipServletMessage#getSessionKeepAlivePreference()}).
 *
 * @since 2.0
 */
public interface SessionKeepAlive {

    /** The party responsible for sending session refresh requests ({@code refresher} parameter). */
    enum Refresher {
        /** The caller that sent the INVITE refreshes. */
        UAC,
        /** The callee that answered the INVITE refreshes. */
        UAS
    }

    /** Application code run by the container for a keep-alive event of a session. */
    @FunctionalInterface
    interface Callback {

        /**
         * Handles the event.
         *
         * @param session the session whose keep-alive event occurred
         */
        void handle(SipSession session);
    }

    /**
     * The session timer settings the container uses when it writes Session-Expires, Min-SE and
     * Supported/Require for a message. Setters return this object so calls can be chained.
     */
    interface Preference {

        /** Returns true if session keep-alive is enabled for the message. */
        boolean getEnabled();

        /** Enables or disables session keep-alive for the message. */
        Preference setEnabled(boolean enabled);

        /** Returns the session interval in seconds to ask for (Session-Expires). */
        int getExpiration();

        /**
         * Sets the session interval in seconds to ask for.
         *
         * @throws IllegalArgumentException if it is below the minimum expiration or below 90
         */
        Preference setExpiration(int seconds);

        /** Returns the minimum session interval in seconds (Min-SE). */
        int getMinimumExpiration();

        /**
         * Sets the minimum session interval in seconds.
         *
         * @throws IllegalArgumentException if it is below 90 (RFC 4028)
         */
        Preference setMinimumExpiration(int seconds);

        /** Returns the preferred refresher, or null to leave the choice to the other side. */
        Refresher getRefresher();

        /** Sets the preferred refresher; null leaves the choice to the other side. */
        Preference setRefresher(Refresher refresher);
    }

    /** Returns the negotiated session interval in seconds. */
    int getExpiration();

    /** Returns the negotiated minimum session interval in seconds. */
    int getMinimumExpiration();

    /** Returns the negotiated refresher. */
    Refresher getRefresher();

    /**
     * Sets the code run when this side must refresh the session, typically by sending a re-INVITE
     * or UPDATE; with no callback the container sends the refresh itself.
     */
    void setRefreshCallback(Callback callback);

    /**
     * Sets the code run when the session expires without refresh; with no callback the container
     * ends the dialog with BYE as RFC 4028 asks.
     */
    void setExpiryCallback(Callback callback);
}
