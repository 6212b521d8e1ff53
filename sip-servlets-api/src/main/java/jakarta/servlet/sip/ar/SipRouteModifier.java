package jakarta.servlet.sip.ar;

/**
 * Tells the container what to do with the routes in a {@link SipApplicationRouterInfo}.
 *
 * @since 1.1
 */
public enum SipRouteModifier {

    /**
     * Push the routes onto the request and send it out; if a route points at the container
     * itself, the request comes back in through the router.
     */
    ROUTE,

    /**
     * Push the routes plus a route back to the container, so the request returns here after the
     * external hops, with the router's state preserved.
     */
    ROUTE_BACK,

    /** Ignore the routes and invoke the next application named in the routing information. */
    NO_ROUTE
}
