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
}
