package jakarta.servlet.sip.ar;

/**
 * The kind of service an application provides for its subscriber: on the originating (caller)
 * side, the terminating (callee) side, or neither.
 *
 * @since 1.1
 */
public enum SipApplicationRoutingRegionType {

    /** Services for the caller, invoked on the originating side of a request. */
    ORIGINATING,

    /** Services for the callee, invoked on the terminating side of a request. */
    TERMINATING,

    /** Services that belong to neither side. */
    NEUTRAL
}
