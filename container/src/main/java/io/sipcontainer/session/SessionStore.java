package io.sipcontainer.session;

import java.util.Collection;

/**
 * Where application sessions live between messages.
 *
 * <p>The unit of storage is the application session with its SIP sessions and attributes: one
 * serializable object graph, saved after each message that changed it ({@link
 * SipApplicationSessionImpl#isDirty()}). Dialogs are found through keys that carry nothing tied
 * to one node ({@code Call-ID} plus local tag), so an implementation backed by a cluster-wide map
 * lets any node continue any dialog. Implementations must be thread-safe.
 */
public interface SessionStore {

    /** The application session with that id, or null. */
    SipApplicationSessionImpl get(String applicationSessionId);

    /** Adds a new application session; an existing one with the same id is kept and returned. */
    SipApplicationSessionImpl putIfAbsent(SipApplicationSessionImpl session);

    /** Writes back a session changed while handling a message; a no-op for in-memory stores. */
    void save(SipApplicationSessionImpl session);

    /** Forgets an invalidated application session and every dialog key pointing into it. */
    void remove(SipApplicationSessionImpl session);

    /** Records that a dialog (see {@link DialogKey}) belongs to a SIP session. */
    void bindDialog(String dialogKey, String sipSessionId);

    /** Drops a dialog key. */
    void unbindDialog(String dialogKey);

    /** The id of the SIP session that owns a dialog, or null. */
    String findDialog(String dialogKey);

    /** Every application session of this store, for administration and expiry scans. */
    Collection<SipApplicationSessionImpl> all();

    int size();

    /**
     * True while any application session has a transaction or dialog going on (see
     * {@link SipApplicationSessionImpl#hasSipWorkInFlight()}): a graceful shutdown waits for these.
     */
    default boolean hasSipWorkInFlight() {
        for (SipApplicationSessionImpl s : all()) {
            if (s.isValid() && s.hasSipWorkInFlight()) {
                return true;
            }
        }
        return false;
    }
}
