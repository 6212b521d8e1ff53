package jakarta.servlet.sip;

import java.io.BufferedReader;
import java.io.IOException;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;
import jakarta.servlet.sip.ar.SipApplicationRoutingRegion;

/**
 * A SIP request. The container creates one for each incoming request and hands it to the servlet;
 * applications create outgoing requests through {@link SipFactory}, {@link SipSession#createRequest}
 * or {@link B2buaHelper} and send them with {@link #send()}. A request also gives access to the
 * roles the application can take for it: UAS (create responses), proxy ({@link #getProxy()}) or
 * B2BUA ({@link #getB2buaHelper()}).
 */
public interface SipServletRequest extends ServletRequest, SipServletMessage {

    /**
     * Adds the Authorization or Proxy-Authorization headers answering the challenges of a 401/407
     * response, using credentials from an {@link AuthInfo}.
     */
    void addAuthHeader(SipServletResponse challengeResponse, AuthInfo authInfo);

    /**
     * Adds the Authorization or Proxy-Authorization headers answering the challenges of a 401/407
     * response with a single user name and password.
     */
    void addAuthHeader(SipServletResponse challengeResponse, String username, String password);

    /**
     * Creates a CANCEL for this outgoing INVITE.
     *
     * @throws IllegalStateException if this is not an INVITE sent by the application, or a final response arrived
     */
    SipServletRequest createCancel();

    /**
     * Creates a new {@link InviteBranch} of this incoming initial INVITE, letting a UAS answer the
     * INVITE from several early dialogs, each with its own To tag and SipSession.
     *
     * @throws IllegalStateException if this is not an initial INVITE received as UAS, or it has a final response
     * @since 2.0
     */
    InviteBranch createInviteBranch();

    /**
     * Returns the RFC 5626 flow this request arrived on (its transport, the local and the remote
     * address), which {@link SipSession#setFlow(Flow)} pins a session to; null for a request the
     * application created.
     *
     * @since 2.0
     */
    Flow getFlow();

    /**
     * Creates a response with the default reason phrase for the status code.
     *
     * @throws IllegalArgumentException if the status code is invalid
     * @throws IllegalStateException if this request was received as ACK or already has a final response
     */
    SipServletResponse createResponse(int statuscode);

    /**
     * Creates a response with the given reason phrase.
     *
     * @throws IllegalArgumentException if the status code is invalid
     * @throws IllegalStateException if this request was received as ACK or already has a final response
     */
    SipServletResponse createResponse(int statusCode, String reasonPhrase);

    /**
     * For an ACK, returns the final response it acknowledges; null otherwise.
     *
     * @since 2.0
     */
    SipServletResponse getAcknowledgedResponse();

    /**
     * Returns the B2BUA helper, committing the application to acting as a B2BUA for this request.
     *
     * @throws IllegalStateException if the application already acts as a proxy for this request
     */
    B2buaHelper getB2buaHelper();

    /**
     * Returns the final response sent or received for this request, or null if there is none yet.
     *
     * @since 2.0
     */
    SipServletResponse getFinalResponse();

    /**
     * Returns an identifier of this request, unique within its SipSession and stable across
     * serialization, for use with {@link SipSession#getActiveRequest(String)}.
     *
     * @since 2.0
     */
    String getId();

    /**
     * Returns the Route header value the container popped when the request first arrived at it,
     * before application routing, or null.
     */
    Address getInitialPoppedRoute();

    /** Returns null: SIP content is read with {@link #getContent()} or {@link #getRawContent()}. */
    @Override
    ServletInputStream getInputStream() throws IOException;

    /**
     * Returns the value of the Max-Breadth header (RFC 5393), or -1 if absent.
     *
     * @since 2.0
     */
    int getMaxBreadth();

    /** Returns the value of the Max-Forwards header, or -1 if absent. */
    int getMaxForwards();

    /** Returns the Route header value the container popped for this application, or null. */
    Address getPoppedRoute();

    /**
     * Returns the Proxy of this request, creating it if needed; the application then acts as a proxy.
     *
     * @throws TooManyHopsException if Max-Forwards is 0
     * @throws IllegalStateException if the application already acts as UAS or B2BUA for this request
     */
    Proxy getProxy() throws TooManyHopsException;

    /**
     * Returns the Proxy of this request, creating it only if {@code create} is true.
     *
     * @throws TooManyHopsException if Max-Forwards is 0
     */
    Proxy getProxy(boolean create) throws TooManyHopsException;

    /** Returns null: SIP content is read with {@link #getContent()}. */
    @Override
    BufferedReader getReader() throws IOException;

    /** Returns the routing region the application was invoked in for this initial request, or null. */
    SipApplicationRoutingRegion getRegion();

    /** Returns the Request-URI. */
    URI getRequestURI();

    /**
     * Returns the routing directive of this request.
     *
     * @throws IllegalStateException if this is not an initial request
     */
    SipApplicationRoutingDirective getRoutingDirective();

    /**
     * Returns the URI of the subscriber the application was invoked for, as given by the
     * application router, or null.
     */
    URI getSubscriberURI();

    /** Returns true if this is an initial request (one that starts a new dialog or stands alone). */
    boolean isInitial();

    /**
     * Returns true if the Request-URI of this request points at this container itself.
     *
     * @since 2.0
     */
    boolean isRequestUriInternal();

    /**
     * Adds a Path header value (RFC 3327) to this REGISTER.
     *
     * @throws IllegalStateException if this is not a REGISTER or Path is not supported
     */
    @Override
    void pushPath(Address uri);

    /**
     * Adds a Route header value in front of existing ones, so the request is sent via it.
     *
     * @throws IllegalStateException if the request is committed
     */
    void pushRoute(Address uri);

    /**
     * Adds a Route header value built from a SIP URI in front of existing ones.
     *
     * @throws IllegalStateException if the request is committed
     */
    void pushRoute(SipURI uri);

    /**
     * Sends this request.
     *
     * @throws IOException if a transport error occurs
     * @throws IllegalStateException if the request cannot be sent now
     */
    @Override
    void send() throws IOException;

    /**
     * Sets the Max-Breadth header (RFC 5393).
     *
     * @since 2.0
     */
    void setMaxBreadth(int n);

    /**
     * Sets the Max-Forwards header.
     *
     * @throws IllegalArgumentException if n is outside 0..255
     */
    void setMaxForwards(int n);

    /**
     * Sets the Request-URI.
     *
     * @throws NullPointerException if uri is null
     */
    void setRequestURI(URI uri);

    /**
     * Sets how this new request relates to an earlier one for application routing: NEW, CONTINUE or
     * REVERSE with respect to {@code origRequest}.
     *
     * @throws IllegalStateException if this request is not initial or was already sent
     */
    void setRoutingDirective(SipApplicationRoutingDirective directive, SipServletRequest origRequest);
}
