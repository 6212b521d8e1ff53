package jakarta.servlet.sip;

import java.util.List;
import java.util.Map;

/**
 * Support for applications acting as a back-to-back user agent: creating the request of one leg
 * from the request of another, linking the SipSessions of the two legs, and answering pending
 * requests on the other leg. Obtained from {@link SipServletRequest#getB2buaHelper()}, which
 * commits the application to the B2BUA role for that request.
 *
 * @since 1.1
 */
public interface B2buaHelper {

    /**
     * Creates a CANCEL for the pending initial INVITE sent in the given session.
     *
     * @throws IllegalStateException if no such INVITE is pending
     */
    SipServletRequest createCancel(SipSession session);

    /**
     * Creates a new initial request, in a new SipSession of the same application session, copying
     * the method, headers (except system headers) and content of the original.
     *
     * @throws IllegalArgumentException if the original is not initial
     */
    SipServletRequest createRequest(SipServletRequest origRequest);

    /**
     * Creates a new initial request from the original, optionally linking the two sessions and
     * requests, with the given headers replacing or adding to the copied ones (From and To may only
     * change their URI and display name; Contact only its user part and parameters).
     *
     * @throws IllegalArgumentException if a header of the map cannot be set or the original is not initial
     * @throws TooManyHopsException if Max-Forwards of the original is 0
     */
    SipServletRequest createRequest(SipServletRequest origRequest, boolean linked,
            Map<String, List<String>> headerMap) throws TooManyHopsException;

    /**
     * Creates a subsequent request in the given session copying the original request of the other
     * leg, and links the two requests.
     *
     * @throws IllegalArgumentException if a header of the map cannot be set
     */
    SipServletRequest createRequest(SipSession session, SipServletRequest origRequest,
            Map<String, List<String>> headerMap);

    /**
     * Creates a response to the original request of the given session, possibly creating a derived
     * session when the response carries a different To tag (forked early dialogs).
     *
     * @throws IllegalStateException if the original request already has a final response
     */
    SipServletResponse createResponseToOriginalRequest(SipSession session, int status, String reasonPhrase);

    /** Returns the session linked to the given one, or null. */
    SipSession getLinkedSession(SipSession session);

    /** Returns the request linked to the given one, or null. */
    SipServletRequest getLinkedSipServletRequest(SipServletRequest req);

    /**
     * Returns the messages of the given session that are waiting for something in the given role:
     * requests without a final response, or 2xx responses without ACK and reliable provisional
     * responses without PRACK.
     */
    List<SipServletMessage> getPendingMessages(SipSession session, UAMode mode);

    /**
     * Links two sessions so each can be found from the other.
     *
     * @throws IllegalArgumentException if a session is terminated, invalid, or already linked elsewhere
     */
    void linkSipSessions(SipSession session1, SipSession session2);

    /**
     * Removes the link between the given session and its linked session.
     *
     * @throws IllegalArgumentException if the session is not linked or invalid
     */
    void unlinkSipSessions(SipSession session);
}
