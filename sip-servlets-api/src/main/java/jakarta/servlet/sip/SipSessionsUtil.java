package jakarta.servlet.sip;

import java.lang.annotation.Annotation;
import java.util.Set;

/**
 * Lookup of the application's sessions by identifier or key, available as the servlet context
 * attribute {@link SipServlet#SIP_SESSIONS_UTIL} and by injection. It only finds sessions of the
 * application it was obtained from.
 *
 * @since 1.1
 */
public interface SipSessionsUtil {

    /** Returns the application session with the given id, or null if it does not exist or is invalid. */
    SipApplicationSession getApplicationSessionById(String applicationSessionId);

    /**
     * Returns the application session for the given session key, optionally creating it.
     *
     * @param create whether to create the session when none exists for the key
     */
    SipApplicationSession getApplicationSessionByKey(String applicationSessionKey, boolean create);

    /**
     * Returns the SipSession of the same application that a header of another session refers to:
     * {@code "Join"} (RFC 3911) or {@code "Replaces"} (RFC 3891).
     *
     * @throws IllegalArgumentException if the header name is not supported
     */
    SipSession getCorrespondingSipSession(SipSession session, String headerName);

    /**
     * Returns the application session the current thread works on (the one of the message, timer or
     * event being processed, or of the task being run), or null.
     *
     * @since 2.0
     */
    SipApplicationSession getCurrentApplicationSession();

    /**
     * Returns the ids of the application sessions that carry the given index key.
     *
     * @see SipApplicationSession#addIndexKey(String)
     * @since 2.0
     */
    Set<String> getSipApplicationSessionIds(String indexKey);

    /**
     * Returns the ids of all valid application sessions of this application.
     *
     * @since 2.0
     */
    Set<String> getSipApplicationSessionIds();

    /**
     * Returns a contextual instance of a managed (CDI) bean scoped to the current application
     * session, or null if the container offers no bean of that type.
     *
     * @throws UnsupportedOperationException if the container runs no CDI container (sipcontainer
     *     does not), so that no managed bean can exist
     * @since 2.0
     */
    <T> T getManagedBean(Class<T> type, Annotation... qualifiers);
}
