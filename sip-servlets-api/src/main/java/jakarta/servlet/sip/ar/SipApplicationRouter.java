package jakarta.servlet.sip.ar;

import jakarta.servlet.sip.SipServletRequest;

import java.io.Serializable;
import java.util.List;
import java.util.Properties;

/**
 * Decides, for each initial request, which deployed application is invoked next, so that several
 * independent applications can be composed on the same request (JSR 289 chapter 15). The
 * container calls {@link #init()} once, reports deployments and undeployments, and then asks
 * {@link #getNextApplication} each time an initial request is received from outside or sent by
 * an application; the router keeps its per-request progress in the opaque state info it returns.
 * Implementations must be thread-safe.
 *
 * @since 1.1
 */
public interface SipApplicationRouter {

    /** Initializes the router; called once by the container before any other method. */
    void init();

    /**
     * Initializes the router with configuration properties, for example those given at
     * container startup.
     *
     * @param properties router-specific configuration
     * @throws IllegalStateException if the router was already initialized
     */
    void init(Properties properties) throws IllegalStateException;

    /** Called by the container when it shuts down; the router releases its resources. */
    void destroy();

    /**
     * Notifies the router that applications have been deployed and can now be selected.
     *
     * @param newlyDeployedApplicationNames names of the applications just deployed
     */
    void applicationDeployed(List<String> newlyDeployedApplicationNames);

    /**
     * Notifies the router that applications have been undeployed and must no longer be selected.
     *
     * @param undeployedApplicationNames names of the applications just undeployed
     */
    void applicationUndeployed(List<String> undeployedApplicationNames);

    /**
     * Returns the application to invoke next for an initial request, or routing information
     * that sends the request out of the container.
     *
     * @param initialRequest the initial request; the router must not modify it
     * @param region the routing region of the application that last handled the request, or
     *     null when the request comes from outside the container
     * @param directive how the request relates to the one previously routed: new, continued or
     *     reversed
     * @param targetedRequestInfo set when the request targets a specific application session
     *     (encoded URI, Join or Replaces), otherwise null
     * @param stateInfo the state info the router returned for the previous routing step of this
     *     request, or null for the first step
     * @return the routing decision; a null application name means no further application, and
     *     the container then routes the request by its Request-URI
     * @throws NullPointerException if the initial request is null
     * @throws IllegalStateException if the router is not initialized
     */
    SipApplicationRouterInfo getNextApplication(SipServletRequest initialRequest,
            SipApplicationRoutingRegion region, SipApplicationRoutingDirective directive,
            SipTargetedRequestInfo targetedRequestInfo, Serializable stateInfo)
            throws NullPointerException, IllegalStateException;
}
