package jakarta.servlet.sip;

import java.util.List;
import java.util.Map;

/**
 * A WebSocket connection that carries SIP (RFC 7118, subprotocol {@code sip}): the HTTP upgrade
 * request it was opened with and its two endpoints. Messages received over it return it from
 * {@link SipServletMessage#getLocalSipWebSocketContext()}, so applications can relate SIP traffic
 * to the web session that opened the socket.
 *
 * @since 2.0
 */
public interface SipWebSocketContext {

    /** Returns an identifier of the connection, unique within the container while it is open. */
    String getId();

    /** Returns the request URI of the WebSocket opening handshake. */
    String getRequestURI();

    /** Returns the headers of the WebSocket opening handshake request; names are lower case. */
    Map<String, List<String>> getHandshakeHeaders();

    /** Returns the negotiated subprotocol, {@code "sip"}. */
    String getSubProtocol();

    /** Returns true for a secure ({@code wss}) connection. */
    boolean isSecure();

    /** Returns the local address of the connection. */
    String getLocalAddr();

    /** Returns the local port of the connection. */
    int getLocalPort();

    /** Returns the remote address of the connection. */
    String getRemoteAddr();

    /** Returns the remote port of the connection. */
    int getRemotePort();

    /** Returns true while the connection is open. */
    boolean isOpen();
}
