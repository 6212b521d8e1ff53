package jakarta.servlet.sip;

import java.net.URL;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * One instance of an application: the container-managed unit that groups the protocol sessions
 * (SIP and HTTP) and timers serving one call or service invocation, and holds the application state
 * shared by them. It expires after a configurable time unless extended, and may be invalidated
 * automatically once all its children are gone when {@link #setInvalidateWhenReady(boolean)} is set.
 */
public interface SipApplicationSession {

    /** The protocols whose sessions can belong to an application session. */
    enum Protocol {
        /** HTTP sessions ({@link ConvergedHttpSession}). */
        HTTP,
        /** SIP sessions ({@link SipSession}). */
        SIP
    }

    /**
     * Associates an index key with this session, so it can be found with
     * {@link SipSessionsUtil#getSipApplicationSessionIds(String)}.
     *
     * @since 2.0
     */
    void addIndexKey(String indexKey);

    /**
     * Removes all attributes of this session.
     *
     * @since 2.0
     */
    void clearAttributes();

    /**
     * Encodes this session's id into the URI, so that a request sent to it is routed back to this
     * application session.
     *
     * @throws IllegalStateException if the session is invalid
     */
    void encodeURI(URI uri);

    /**
     * Returns the URL with this session's id encoded, so that an HTTP request to it joins this session.
     *
     * @throws IllegalStateException if the session is invalid
     */
    URL encodeURL(URL url);

    /** Returns the name of the application this session belongs to. */
    String getApplicationName();

    /**
     * Returns the named attribute, or null.
     *
     * @throws IllegalStateException if the session is invalid
     */
    Object getAttribute(String name);

    /**
     * Returns the names of the attributes of this session.
     *
     * @throws IllegalStateException if the session is invalid
     */
    Iterator<String> getAttributeNames();

    /**
     * Returns the names of the attributes of this session, as a set.
     *
     * @throws IllegalStateException if the session is invalid
     * @since 2.0
     */
    Set<String> getAttributeNameSet();

    /** Returns the creation time in milliseconds since the epoch. */
    long getCreationTime();

    /** Returns the time at which this session expires, in milliseconds since the epoch; 0 if it never expires. */
    long getExpirationTime();

    /** Returns the unique identifier of this session. */
    String getId();

    /**
     * Returns the index keys associated with this session.
     *
     * @since 2.0
     */
    Set<String> getIndexKeys();

    /** Returns true if the container invalidates this session once it is ready to be invalidated. */
    boolean getInvalidateWhenReady();

    /** Returns the last time this session or one of its children was accessed, in milliseconds since the epoch. */
    long getLastAccessedTime();

    /**
     * Returns the child session with the given id and protocol, or null.
     *
     * @throws IllegalStateException if the session is invalid
     */
    Object getSession(String id, Protocol protocol);

    /** Returns the child sessions of all protocols. */
    Iterator<?> getSessions();

    /**
     * Returns the child sessions of one protocol, {@code "SIP"} or {@code "HTTP"}.
     *
     * @throws IllegalArgumentException if the protocol is not supported
     */
    Iterator<?> getSessions(String protocol);

    /**
     * Returns the child sessions of all protocols, as a set.
     *
     * @since 2.0
     */
    Set<?> getSessionSet();

    /**
     * Returns the child sessions of one protocol, as a set.
     *
     * @throws IllegalArgumentException if the protocol is not supported
     * @since 2.0
     */
    Set<?> getSessionSet(String protocol);

    /** Returns the SipSession with the given id belonging to this application session, or null. */
    SipSession getSipSession(String id);

    /**
     * Returns the future of a task submitted for this session to a container-managed executor, by
     * the task's id, or null.
     *
     * @since 2.0
     */
    Future<?> getTaskFuture(String taskId);

    /**
     * Returns the futures of the tasks submitted for this session that have not completed.
     *
     * @since 2.0
     */
    Set<Future<?>> getTaskFutures();

    /** Returns the active timer with the given id, or null. */
    ServletTimer getTimer(String id);

    /** Returns the active timers of this session. */
    Collection<ServletTimer> getTimers();

    /**
     * Invalidates this session, its child sessions and its timers.
     *
     * @throws IllegalStateException if the session is already invalid
     */
    void invalidate();

    /** Returns true if all child sessions are ready to be invalidated and no timers are pending. */
    boolean isReadyToInvalidate();

    /** Returns true if this session has not been invalidated. */
    boolean isValid();

    /**
     * Removes an index key from this session.
     *
     * @since 2.0
     */
    void removeIndexKey(String indexKey);

    /**
     * Removes the named attribute.
     *
     * @throws IllegalStateException if the session is invalid
     */
    void removeAttribute(String name);

    /**
     * Binds an attribute to this session.
     *
     * @throws IllegalStateException if the session is invalid
     */
    void setAttribute(String name, Object attribute);

    /**
     * Asks to extend the lifetime of this session.
     *
     * @param deltaMinutes requested minutes from now; 0 or less means never expire
     * @return the minutes actually granted, 0 or less if the request was refused
     * @throws IllegalStateException if the session is invalid
     */
    int setExpires(int deltaMinutes);

    /** Sets whether the container invalidates this session once it is ready to be invalidated. */
    void setInvalidateWhenReady(boolean invalidateWhenReady);
}
