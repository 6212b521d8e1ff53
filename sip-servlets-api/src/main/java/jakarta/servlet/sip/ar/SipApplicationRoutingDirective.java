package jakarta.servlet.sip.ar;

/**
 * Tells the application router how an initial request relates to a request routed before, as
 * set by {@code SipServletRequest.setRoutingDirective} or implied by how the request was created.
 *
 * @since 1.1
 */
public enum SipApplicationRoutingDirective {

    /** The request continues the previous one (e.g. a proxied or B2BUA-relayed request). */
    CONTINUE,

    /** The request is unrelated to any previous one; routing starts afresh. */
    NEW,

    /** The request goes in the reverse direction of the previous one (e.g. a call-back). */
    REVERSE
}
