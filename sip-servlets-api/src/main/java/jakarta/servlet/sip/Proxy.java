package jakarta.servlet.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The proxy role for one incoming request (RFC 3261 section 16): the application forwards the
 * request to one or more destinations, in parallel or in sequence, with or without record-routing,
 * and the container chooses and forwards the best response upstream. Obtained from
 * {@link SipServletRequest#getProxy()}; each destination is a {@link ProxyBranch}.
 */
public interface Proxy {

    /**
     * Cancels all outstanding branches (sending CANCEL on INVITE branches) and ends the proxy operation.
     *
     * @throws IllegalStateException if the transaction already completed
     */
    void cancel();

    /**
     * Cancels all outstanding branches, adding Reason headers (RFC 3326) to the CANCELs.
     *
     * @param protocol the protocol of each Reason, e.g. {@code "SIP"} or {@code "Q.850"}
     * @param reasonCode the cause of each Reason
     * @param reasonText the text of each Reason
     * @throws IllegalStateException if the transaction already completed
     */
    void cancel(String[] protocol, int[] reasonCode, String[] reasonText);

    /**
     * Creates branches for the given targets without starting them; start them with {@link #startProxy()}.
     *
     * @throws IllegalArgumentException if a target is not a SIP URI or is already proxied to
     */
    List<ProxyBranch> createProxyBranches(List<? extends URI> targets);

    /** Returns true if a Path header is added to proxied REGISTER requests. */
    boolean getAddToPath();

    /** Returns true if the container does not cancel outstanding branches when a 2xx or 6xx arrives. */
    boolean getNoCancel();

    /** Returns the request this proxy forwards. */
    SipServletRequest getOriginalRequest();

    /** Returns true for parallel forking, false for sequential. */
    boolean getParallel();

    /**
     * Returns the SIP URI of the Path header the container adds, so the application can add parameters to it.
     *
     * @throws IllegalStateException if Path is not enabled
     */
    SipURI getPathURI();

    /** Returns the top-level branch proxying to the given URI, or null. */
    ProxyBranch getProxyBranch(URI uri);

    /** Returns the top-level branches of this proxy. */
    List<ProxyBranch> getProxyBranches();

    /** Returns the timeout in seconds applied to each branch (sequential) or to the whole operation (parallel). */
    int getProxyTimeout();

    /** Returns true if the proxy record-routes, staying on the path of subsequent requests. */
    boolean getRecordRoute();

    /**
     * Returns the SIP URI of the Record-Route header the container adds, so the application can add
     * parameters to it.
     *
     * @throws IllegalStateException if record-routing is not enabled
     */
    SipURI getRecordRouteURI();

    /** Returns true if the proxy recurses on 3xx responses by proxying to the Contacts they carry. */
    boolean getRecurse();

    /**
     * Returns the sequential search timeout in seconds.
     *
     * @deprecated use {@link #getProxyTimeout()}
     */
    @Deprecated
    int getSequentialSearchTimeout();

    /**
     * Returns true: proxying is always transaction-stateful.
     *
     * @deprecated stateless proxying is no longer supported
     */
    @Deprecated
    boolean getStateful();

    /** Returns true if the application is invoked for responses to the proxied request. */
    boolean getSupervised();

    /**
     * Proxies the request to each of the given targets, as parallel or sequential branches.
     *
     * @throws IllegalArgumentException if a target is not a SIP URI or is already proxied to
     * @throws IllegalStateException if the transaction already completed
     */
    void proxyTo(List<? extends URI> uris);

    /**
     * Proxies the request to the given target.
     *
     * @throws IllegalArgumentException if the target is not a SIP URI or is already proxied to
     * @throws IllegalStateException if the transaction already completed
     */
    void proxyTo(URI uri);

    /** Sets whether a Path header is added to proxied REGISTER requests. */
    void setAddToPath(boolean p);

    /** Sets whether outstanding branches are left alone when a 2xx or 6xx arrives. */
    void setNoCancel(boolean b);

    /**
     * Sets the local address from which proxied requests are sent.
     *
     * @throws IllegalArgumentException if the address is not an outbound interface of the container
     */
    void setOutboundInterface(InetAddress address);

    /**
     * Sets the local address and port from which proxied requests are sent.
     *
     * @throws IllegalArgumentException if the address is not an outbound interface of the container
     */
    void setOutboundInterface(InetSocketAddress address);

    /** Sets parallel (true) or sequential (false) forking. */
    void setParallel(boolean parallel);

    /**
     * Sets the proxy timeout in seconds.
     *
     * @throws IllegalArgumentException if seconds is not positive
     */
    void setProxyTimeout(int seconds);

    /**
     * Sets whether the proxy record-routes.
     *
     * @throws IllegalStateException if the proxy has already started
     */
    void setRecordRoute(boolean rr);

    /** Sets whether the proxy recurses on 3xx responses. */
    void setRecurse(boolean recurse);

    /**
     * Sets the sequential search timeout in seconds.
     *
     * @deprecated use {@link #setProxyTimeout(int)}
     */
    @Deprecated
    void setSequentialSearchTimeout(int seconds);

    /**
     * Has no effect: proxying is always transaction-stateful.
     *
     * @deprecated stateless proxying is no longer supported
     */
    @Deprecated
    void setStateful(boolean stateful);

    /** Sets whether the application is invoked for responses to the proxied request. */
    void setSupervised(boolean supervised);

    /**
     * Starts proxying on the branches created with {@link #createProxyBranches(List)}.
     *
     * @throws IllegalStateException if the transaction already completed or no branch exists
     */
    void startProxy();
}
