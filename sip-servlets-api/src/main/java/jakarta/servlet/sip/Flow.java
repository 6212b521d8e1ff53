package jakarta.servlet.sip;

/**
 * A flow in the sense of RFC 5626 (SIP Outbound): the transport-level association between a local
 * and a remote address and port over one transport, such as a TCP connection or a UDP address pair.
 * Applications pin a {@link SipSession} to a flow with {@link SipSession#setFlow(Flow)} so that its
 * requests reach a client behind a NAT over the connection the client opened.
 *
 * @since 2.0
 */
public interface Flow {

    /** Returns the local end of the flow as a SIP URI carrying host, port and transport. */
    SipURI getLocalURI();

    /** Returns the remote end of the flow as a SIP URI carrying host, port and transport. */
    SipURI getRemoteURI();

    /** Returns the transport of the flow: {@code "UDP"}, {@code "TCP"}, {@code "TLS"}, {@code "WS"} or {@code "WSS"}. */
    String getTransport();

    /**
     * Asks to be told when this flow fails (RFC 5626 section 4.4: its connection closed), typically
     * to stop using the registration or dialog bound to it. A UDP flow has no connection to lose
     * and is never reported failed by the container.
     *
     * @since 2.0
     */
    void addListener(Listener listener);

    /**
     * Stops telling {@code listener} about this flow.
     *
     * @since 2.0
     */
    void removeListener(Listener listener);

    /**
     * Application code the container runs when a flow fails, in the application's context (its
     * class loader, in the turn of the application session the flow was obtained from).
     *
     * @since 2.0
     */
    @FunctionalInterface
    interface Listener extends java.util.EventListener {

        /** The flow failed: its connection closed. Called once per flow and listener. */
        void flowFailed(Flow flow);
    }
}
