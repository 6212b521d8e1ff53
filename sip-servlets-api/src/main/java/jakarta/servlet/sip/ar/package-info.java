/**
 * The application router API: the container asks a {@link jakarta.servlet.sip.ar.SipApplicationRouter}
 * which application should handle each initial request next (application composition, JSR 289
 * chapter 15), passing the routing region, directive and state it needs, and receives a
 * {@link jakarta.servlet.sip.ar.SipApplicationRouterInfo} describing the decision.
 */
package jakarta.servlet.sip.ar;
