package io.sipcontainer.router;

import jakarta.servlet.sip.ar.SipApplicationRoutingRegionType;
import jakarta.servlet.sip.ar.SipRouteModifier;
import java.util.Objects;

/**
 * One tuple of a Default Application Router configuration line: the application to invoke, the
 * subscriber identity to report (either a literal or {@code DAR:<header>}, meaning the URI of that
 * header of the request), the routing region, an optional route, the route modifier and the
 * tuple's own state string. Immutable; {@link DarParser} validates the fields before building it.
 *
 * @param applicationName the deployed application's name; empty only for a pure {@code ROUTE} entry
 * @param subscriberIdentity the literal identity, or {@code DAR:<header>}; may be empty
 * @param regionType the routing region the application is invoked in
 * @param route a SIP URI (possibly in angle brackets) or the empty string
 * @param routeModifier how the container must interpret {@code route}
 * @param stateInfo the sixth field as written; informational, the router keeps its own position
 * @param lineNumber the 1-based line the tuple starts on, for diagnostics
 */
public record DarEntry(
        String applicationName,
        String subscriberIdentity,
        SipApplicationRoutingRegionType regionType,
        String route,
        SipRouteModifier routeModifier,
        String stateInfo,
        int lineNumber) {

    /** The prefix that makes the subscriber field refer to a request header. */
    public static final String HEADER_DIRECTIVE = "DAR:";

    public DarEntry {
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(subscriberIdentity, "subscriberIdentity");
        Objects.requireNonNull(regionType, "regionType");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(routeModifier, "routeModifier");
        Objects.requireNonNull(stateInfo, "stateInfo");
    }

    /**
     * The header whose URI is the subscriber identity ({@code From} for {@code DAR:From}), or
     * {@code null} when the subscriber field is a literal.
     */
    public String subscriberHeader() {
        return isHeaderDirective(subscriberIdentity)
                ? subscriberIdentity.substring(HEADER_DIRECTIVE.length()).trim()
                : null;
    }

    /** Whether a route was configured. */
    public boolean hasRoute() {
        return !route.isEmpty();
    }

    /**
     * An entry without an application name only sends the request to its route; it does not
     * depend on any application being deployed.
     */
    public boolean isPureRoute() {
        return applicationName.isEmpty();
    }

    static boolean isHeaderDirective(String subscriber) {
        return subscriber.regionMatches(true, 0, HEADER_DIRECTIVE, 0, HEADER_DIRECTIVE.length());
    }
}
