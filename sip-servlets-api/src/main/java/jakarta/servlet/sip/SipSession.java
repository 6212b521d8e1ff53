package jakarta.servlet.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Set;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.sip.ar.SipApplicationRoutingRegion;

/**
 * The application's view of one SIP dialog, or of a standalone transaction that creates no dialog,
 * as seen from one application. It holds the dialog state, the attributes the application binds to
 * it and the handler servlet for its messages, and creates subsequent requests within the dialog.
 * Every SipSession belongs to a {@link SipApplicationSession}.
 */
public interface SipSession {

    /** Dialog state of a SipSession, following RFC 3261 dialogs for INVITE sessions. */
    enum State {
        /** No dialog yet: initial request sent or received, no response. */
        INITIAL,
        /** An early dialog exists (provisional response with To tag). */
        EARLY,
        /** The dialog is confirmed (2xx). */
        CONFIRMED,
        /** The dialog has ended or the initial transaction failed. */
        TERMINATED
    }

    /**
     * Removes all attributes bound to this session.
     *
     * @since 2.0
     */
    void clearAttributes();

    /**
     * Creates a subsequent request within this session's dialog.
     *
     * @throws IllegalArgumentException if the method is ACK or CANCEL
     * @throws IllegalStateException if the session is terminated for this method or invalid
     */
    SipServletRequest createRequest(String method);

    /**
     * Returns the INVITE whose transaction is active in this session in the given role, or null.
     *
     * @since 2.0
     */
    SipServletRequest getActiveInvite(UAMode mode);

    /**
     * Returns the {@link InviteBranch} this session represents when the application answers an
     * INVITE from several early dialogs, or null.
     *
     * @since 2.0
     */
    InviteBranch getActiveInviteBranch();

    /**
     * Returns the request of this session with the given {@link SipServletRequest#getId() id} whose
     * transaction is still active, or null.
     *
     * @since 2.0
     */
    SipServletRequest getActiveRequest(String requestId);

    /**
     * Returns the requests of this session whose transactions are active in the given role.
     *
     * @since 2.0
     */
    Collection<SipServletRequest> getActiveRequests(UAMode mode);

    /** Returns the application session this session belongs to. */
    SipApplicationSession getApplicationSession();

    /**
     * Returns the named attribute, or null.
     *
     * @throws IllegalStateException if the session is invalid
     */
    Object getAttribute(String name);

    /**
     * Returns the names of the attributes bound to this session.
     *
     * @throws IllegalStateException if the session is invalid
     */
    Enumeration<String> getAttributeNames();

    /**
     * Returns the names of the attributes bound to this session, as a set.
     *
     * @throws IllegalStateException if the session is invalid
     * @since 2.0
     */
    Set<String> getAttributeNameSet();

    /** Returns the Call-ID of this session. */
    String getCallId();

    /** Returns the creation time in milliseconds since the epoch. */
    long getCreationTime();

    /**
     * Returns the RFC 5626 flow the requests of this session are sent on, or null if none is set.
     *
     * @since 2.0
     */
    Flow getFlow();

    /**
     * Returns the forking context of this session: the group formed by this session and the
     * sessions derived from the same initial request when it forked into several dialogs.
     *
     * @since 2.0
     */
    ForkingContext getForkingContext();

    /** Returns the unique identifier of this session. */
    String getId();

    /** Returns true if the container invalidates this session once it is ready to be invalidated. */
    boolean getInvalidateWhenReady();

    /**
     * Returns the RFC 4028 session keep-alive of this session, or null if keep-alive is not active.
     *
     * @since 2.0
     */
    SessionKeepAlive getKeepAlive();

    /** Returns the last time a message of this session was handled, in milliseconds since the epoch. */
    long getLastAccessedTime();

    /** Returns the address of the local party: From for a UAC, To for a UAS. */
    Address getLocalParty();

    /** Returns the routing region of the application for this session's initial request, or null. */
    SipApplicationRoutingRegion getRegion();

    /** Returns the address of the remote party: To for a UAC, From for a UAS. */
    Address getRemoteParty();

    /** Returns the servlet context of the application this session belongs to. */
    ServletContext getServletContext();

    /**
     * Returns the dialog state.
     *
     * @throws IllegalStateException if the session is invalid
     */
    State getState();

    /** Returns the subscriber URI of the initial request that created this session, or null. */
    URI getSubscriberURI();

    /**
     * Returns the unacknowledged reliable provisional response with the given
     * {@link SipServletResponse#getProvisionalResponseId() id}, or null.
     *
     * @since 2.0
     */
    SipServletResponse getUnacknowledgedProvisionalResponse(String provisionalResponseId);

    /**
     * Returns the reliable provisional responses of this session not yet acknowledged by PRACK, in the
     * given role.
     *
     * @since 2.0
     */
    Collection<SipServletResponse> getUnacknowledgedProvisionalResponses(UAMode mode);

    /**
     * Invalidates this session and unbinds its attributes.
     *
     * @throws IllegalStateException if the session is already invalid
     */
    void invalidate();

    /** Returns true if the session is terminated and has no pending transactions, so it may be invalidated. */
    boolean isReadyToInvalidate();

    /** Returns true if this session has not been invalidated. */
    boolean isValid();

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
     * Sets the RFC 5626 flow on which the requests of this session are sent.
     *
     * @since 2.0
     */
    void setFlow(Flow flow);

    /**
     * Sets the servlet that handles subsequent messages of this session.
     *
     * @throws ServletException if no servlet of that name exists in the application
     */
    void setHandler(String name) throws ServletException;

    /** Sets whether the container invalidates this session once it is ready to be invalidated. */
    void setInvalidateWhenReady(boolean invalidateWhenReady);

    /**
     * Sets the local address from which requests of this session are sent.
     *
     * @throws IllegalArgumentException if the address is not one of the container's outbound interfaces
     */
    void setOutboundInterface(InetAddress address);

    /**
     * Sets the local address and port from which requests of this session are sent.
     *
     * @throws IllegalArgumentException if the address is not one of the container's outbound interfaces
     */
    void setOutboundInterface(InetSocketAddress address);

    /**
     * Ends this session's dialog: the container sends what is needed (CANCEL, error response, ACK,
     * BYE, final NOTIFY...) for the dialog's state. Afterwards the application can send nothing
     * more in this session and is no longer invoked for its messages.
     *
     * @throws IllegalStateException if this session is not a UA session or is invalid
     * @since 2.0
     */
    void terminateDialog();

    /**
     * Ends this session's dialog as {@link #terminateDialog()} does, telling the listener when a
     * request the container sends for it fails or times out.
     *
     * @throws IllegalStateException if this session is not a UA session or is invalid
     * @since 2.0
     */
    void terminateDialog(AutomaticProcessingListener listener);

    /**
     * Ends a dialog this application proxies, towards both the caller and the callee.
     *
     * @throws IllegalStateException if this session is not a proxy session with a confirmed dialog
     * @since 2.0
     */
    void terminateProxiedDialog();

    /**
     * Ends a proxied dialog towards both sides, telling the listener when a request the container
     * sends for it fails or times out.
     *
     * @since 2.0
     */
    void terminateProxiedDialog(AutomaticProcessingListener listener);

    /**
     * Ends a proxied dialog towards one side only: the caller for {@link UAMode#UAS}, the callee
     * for {@link UAMode#UAC}.
     *
     * @since 2.0
     */
    void terminateProxiedDialog(UAMode mode);

    /**
     * Ends a proxied dialog towards one side, telling the listener when a request the container
     * sends for it fails or times out.
     *
     * @since 2.0
     */
    void terminateProxiedDialog(UAMode mode, AutomaticProcessingListener listener);

}
