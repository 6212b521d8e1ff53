package jakarta.servlet.sip;

/**
 * Factory for the objects an application creates itself: URIs, addresses, parameterable values,
 * application sessions, outgoing initial requests and {@link AuthInfo}s. The container makes one
 * available to each application as the servlet context attribute {@link SipServlet#SIP_FACTORY}
 * and by injection.
 */
public interface SipFactory {

    /**
     * Parses an address in name-addr or addr-spec form, or {@code *}.
     *
     * @throws ServletParseException if the string is not a valid address
     */
    Address createAddress(String addr) throws ServletParseException;

    /** Creates an address with the given URI and no display name. */
    Address createAddress(URI uri);

    /** Creates an address with the given URI and display name. */
    Address createAddress(URI uri, String displayName);

    /** Creates a new, empty application session. */
    SipApplicationSession createApplicationSession();

    /**
     * Returns the application session associated with the given session key, creating it if none is
     * valid, as {@code @SipApplicationKey} methods would.
     */
    SipApplicationSession createApplicationSessionByKey(String sipApplicationKey);

    /** Creates an empty {@link AuthInfo}. */
    AuthInfo createAuthInfo();

    /**
     * Parses a header value that has parameters.
     *
     * @throws ServletParseException if the string cannot be parsed
     */
    Parameterable createParameterable(String s) throws ServletParseException;

    /**
     * Creates an initial request in a new SipSession of the given application session.
     *
     * @throws IllegalArgumentException if the method is ACK or CANCEL
     * @throws IllegalStateException if the application session is invalid
     */
    SipServletRequest createRequest(SipApplicationSession appSession, String method, Address from, Address to);

    /**
     * Creates an initial request, parsing From and To.
     *
     * @throws ServletParseException if from or to cannot be parsed
     * @throws IllegalArgumentException if the method is ACK or CANCEL
     */
    SipServletRequest createRequest(SipApplicationSession appSession, String method, String from, String to)
            throws ServletParseException;

    /**
     * Creates an initial request from URIs for From and To.
     *
     * @throws IllegalArgumentException if the method is ACK or CANCEL
     */
    SipServletRequest createRequest(SipApplicationSession appSession, String method, URI from, URI to);

    /**
     * Creates a request copying method, headers and content of another request, for B2BUA use.
     *
     * @param sameCallId whether the new request keeps the Call-ID of the original
     * @deprecated use {@link B2buaHelper#createRequest(SipServletRequest, boolean, java.util.Map)}
     */
    @Deprecated
    SipServletRequest createRequest(SipServletRequest origRequest, boolean sameCallId);

    /** Creates a {@code sip} URI with the given user (may be null) and host. */
    SipURI createSipURI(String user, String host);

    /**
     * Parses a URI of any scheme.
     *
     * @throws ServletParseException if the string is not a valid URI
     */
    URI createURI(String uri) throws ServletParseException;
}
