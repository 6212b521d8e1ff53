package jakarta.servlet.sip.ar;

import java.io.Serializable;

/**
 * The answer of {@link SipApplicationRouter#getNextApplication}: which application to invoke
 * next, in which routing region and for which subscriber, or which routes to push onto the
 * request instead, plus the router's state to hand back at the next routing step. Immutable:
 * the routes array is copied in and out.
 *
 * @since 1.1
 */
public class SipApplicationRouterInfo {

    private final String nextApplicationName;
    private final SipApplicationRoutingRegion routingRegion;
    private final String subscriberURI;
    private final String[] routes;
    private final SipRouteModifier routeModifier;
    private final Serializable stateInfo;

    /**
     * Creates routing information.
     *
     * @param nextApplicationName the application to invoke next, or null for none
     * @param routingRegion the region in which that application serves the subscriber
     * @param subscriberURI the URI of the subscriber the application serves
     * @param routes Route header values (SIP URIs) to push onto the request, or null
     * @param mod how the container uses {@code routes}
     * @param stateInfo router state returned to the router at the next routing step
     */
    public SipApplicationRouterInfo(String nextApplicationName,
            SipApplicationRoutingRegion routingRegion, String subscriberURI, String[] routes,
            SipRouteModifier mod, Serializable stateInfo) {
        this.nextApplicationName = nextApplicationName;
        this.routingRegion = routingRegion;
        this.subscriberURI = subscriberURI;
        this.routes = routes == null ? null : routes.clone();
        this.routeModifier = mod;
        this.stateInfo = stateInfo;
    }

    /** Returns the name of the application to invoke next, or null if there is none. */
    public String getNextApplicationName() {
        return nextApplicationName;
    }

    /** Returns the routing region of the next application. */
    public SipApplicationRoutingRegion getRoutingRegion() {
        return routingRegion;
    }

    /** Returns the URI of the subscriber the next application serves. */
    public String getSubscriberURI() {
        return subscriberURI;
    }

    /** Returns a copy of the routes to push onto the request, or null if none were given. */
    public String[] getRoutes() {
        return routes == null ? null : routes.clone();
    }

    /** Returns how the container must use the routes. */
    public SipRouteModifier getRouteModifier() {
        return routeModifier;
    }

    /** Returns the router state to pass back at the next routing step. */
    public Serializable getStateInfo() {
        return stateInfo;
    }
}
