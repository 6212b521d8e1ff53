package jakarta.servlet.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One branch of a {@link Proxy}: the request forwarded to one target, in the sense of an RFC 3261
 * client transaction of a stateful proxy. Branches may have their own timeout, record-route and
 * recursion settings, and child branches created by recursion on 3xx responses.
 *
 * @since 1.1
 */
public interface ProxyBranch {

    /**
     * Cancels this branch and its recursed child branches.
     *
     * @throws IllegalStateException if the branch has already received a final response
     */
    void cancel();

    /**
     * Cancels this branch and its children with Reason headers (RFC 3326).
     *
     * @throws IllegalStateException if the branch has already received a final response
     */
    void cancel(String[] protocol, int[] reasonCode, String[] reasonText);

    /** Returns true if a Path header is added to the request of this branch. */
    boolean getAddToPath();

    /** Returns the SIP URI of this branch's Path header, so parameters can be added to it. */
    SipURI getPathURI();

    /** Returns the Proxy this branch belongs to. */
    Proxy getProxy();

    /** Returns this branch's timeout in seconds. */
    int getProxyBranchTimeout();

    /** Returns true if this branch record-routes. */
    boolean getRecordRoute();

    /** Returns the SIP URI of this branch's Record-Route header, so parameters can be added to it. */
    SipURI getRecordRouteURI();

    /** Returns true if this branch recurses on 3xx responses. */
    boolean getRecurse();

    /** Returns the child branches created by recursion, or an empty list. */
    List<ProxyBranch> getRecursedProxyBranches();

    /** Returns the request forwarded on this branch. */
    SipServletRequest getRequest();

    /** Returns the last response received on this branch, or null. */
    SipServletResponse getResponse();

    /** Returns true if the request has been sent on this branch. */
    boolean isStarted();

    /** Sets whether a Path header is added to the request of this branch. */
    void setAddToPath(boolean p);

    /** Sets the local address from which this branch's request is sent. */
    void setOutboundInterface(InetAddress inetAddress);

    /** Sets the local address and port from which this branch's request is sent. */
    void setOutboundInterface(InetSocketAddress address);

    /**
     * Sets this branch's timeout in seconds.
     *
     * @throws IllegalArgumentException if seconds is not positive or exceeds the proxy timeout
     */
    void setProxyBranchTimeout(int seconds);

    /**
     * Sets whether this branch record-routes.
     *
     * @throws IllegalStateException if the branch has started
     */
    void setRecordRoute(boolean doRR);

    /** Sets whether this branch recurses on 3xx responses. */
    void setRecurse(boolean recurse);
}
