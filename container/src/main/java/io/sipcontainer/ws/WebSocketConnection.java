package io.sipcontainer.ws;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.sip.SipWebSocketContext;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.ws.channel.WebSocketLink;
import io.sipcontainer.ws.channel.WebSocketMessageChannel;
import io.sipcontainer.ws.channel.WebSocketMessageProcessor;

/**
 * One SIP-over-WebSocket connection accepted by Jetty: it feeds each WebSocket message to its
 * channel of the SIP stack, writes what the stack sends as one text message (binary when the
 * bytes are not UTF-8, as RFC 7118 section 5 allows), answers Pings, and is what applications see as
 * the message's {@link SipWebSocketContext}. Kamailio's "last used" time is kept for keep-alives and
 * {@code ws.dump}; who closed the connection decides which statistic counts it. Public only because
 * Jetty calls the listener methods reflectively.
 */
public final class WebSocketConnection implements Session.Listener.AutoDemanding, WebSocketLink, SipWebSocketContext {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private final int id;
    private final WebSocketConnections owner;
    private final WebSocketMessageProcessor processor;
    private final String requestUri;
    private final Map<String, List<String>> handshakeHeaders;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final boolean secure;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Session session;
    private volatile WebSocketMessageChannel channel;
    private volatile long lastUsedMillis = System.currentTimeMillis();
    private volatile boolean awaitingPong;
    private volatile boolean closedByUs;

    WebSocketConnection(int id, WebSocketConnections owner, WebSocketMessageProcessor processor, Request upgrade) {
        this.id = id;
        this.owner = owner;
        this.processor = processor;
        this.requestUri = upgrade.getHttpURI().getPathQuery();
        this.handshakeHeaders = headersOf(upgrade);
        this.local = inet(upgrade.getConnectionMetaData().getLocalSocketAddress());
        this.remote = inet(upgrade.getConnectionMetaData().getRemoteSocketAddress());
        this.secure = upgrade.isSecure();
    }

    int id() {
        return id;
    }

    long lastUsedMillis() {
        return lastUsedMillis;
    }

    boolean isAwaitingPong() {
        return awaitingPong;
    }

    boolean isClosing() {
        return closedByUs || ended.get();
    }

    // --- Jetty events ----------------------------------------------------------------------------

    @Override
    public void onWebSocketOpen(Session opened) {
        WebSocketSettings settings = owner.settings();
        opened.setIdleTimeout(settings.idleTimeout());
        opened.setMaxTextMessageSize(settings.maxMessageSize());
        opened.setMaxBinaryMessageSize(settings.maxMessageSize());
        opened.setMaxFrameSize(settings.maxMessageSize()); // a frame past it cannot be part of a SIP message we take
        opened.addIdleTimeoutListener(timeout -> {
            closedByUs = true; // Jetty closes it for us: tcp_connection_lifetime without traffic
            return true;
        });
        session = opened;
        channel = processor.attach(this);
        owner.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        received();
        channel.receive(message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        received();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        channel.receive(bytes);
    }

    /** Answered here rather than by Jetty so that both frames count, as Kamailio counts them. */
    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        received();
        Session s = session;
        if (s != null) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            s.sendPong(copy, sent());
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        received();
        awaitingPong = false;
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause instanceof org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException
                || cause instanceof org.eclipse.jetty.websocket.core.exception.MessageTooLargeException) {
            // Jetty closes the connection with 1009; the frame or message is counted like an oversize datagram
            processor.oversize((secure ? "wss:" : "ws:") + remote.getAddress().getHostAddress() + ":" + remote.getPort(),
                    "WebSocket frame or message larger than max_message_size (" + owner.settings().maxMessageSize()
                            + "): " + cause.getMessage());
        }
        LOG.debug("WebSocket connection {} from {} failed: {}", id, remote, cause.toString());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        WebSocketMessageChannel c = channel;
        if (c != null) {
            c.closed();
        }
        owner.closed(this, closedByUs, statusCode);
    }

    private void received() {
        lastUsedMillis = System.currentTimeMillis();
        owner.statistics().receivedFrames.increment();
    }

    private Callback sent() {
        return Callback.from(() -> owner.statistics().transmittedFrames.increment(),
                failure -> LOG.debug("Cannot write to WebSocket connection {}: {}", id, failure.toString()));
    }

    // --- WebSocketLink: what the SIP stack does with the connection ------------------------------

    @Override
    public void send(byte[] message) throws IOException {
        Session s = session;
        if (s == null || !s.isOpen()) {
            throw new IOException("WebSocket connection " + id + " to " + remote + " is closed");
        }
        lastUsedMillis = System.currentTimeMillis();
        String text = utf8(message);
        if (text != null) {
            s.sendText(text, sent());
        } else {
            s.sendBinary(ByteBuffer.wrap(message), sent());
        }
    }

    @Override
    public void close() {
        close(StatusCode.NORMAL, "Normal closure");
    }

    /** Sends a Close frame with this status and reason; counted as closed by us. */
    void close(int status, String reason) {
        closedByUs = true;
        Session s = session;
        if (s != null) {
            s.close(status, reason, Callback.NOOP);
        }
    }

    /** Drops the connection without a Close frame: a peer that left a Ping unanswered. */
    void closeNow() {
        closedByUs = true;
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    /** Sends a keep-alive Ping (which expects a Pong) or an unsolicited Pong. */
    void keepAlive(boolean ping, byte[] payload) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        lastUsedMillis = System.currentTimeMillis();
        if (ping) {
            awaitingPong = true;
            s.sendPing(ByteBuffer.wrap(payload), sent());
        } else {
            s.sendPong(ByteBuffer.wrap(payload), sent());
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public SipWebSocketContext context() {
        return this;
    }

    // --- SipWebSocketContext: what applications see -------------------------------------------

    @Override
    public String getId() {
        return Integer.toString(id);
    }

    @Override
    public String getRequestURI() {
        return requestUri;
    }

    @Override
    public Map<String, List<String>> getHandshakeHeaders() {
        return handshakeHeaders;
    }

    @Override
    public String getSubProtocol() {
        return HandshakeCheck.SUB_PROTOCOL;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getLocalAddr() {
        return local.getAddress().getHostAddress();
    }

    @Override
    public int getLocalPort() {
        return local.getPort();
    }

    @Override
    public String getRemoteAddr() {
        return remote.getAddress().getHostAddress();
    }

    @Override
    public int getRemotePort() {
        return remote.getPort();
    }

    @Override
    public boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen();
    }

    @Override
    public String toString() {
        return "WebSocket connection " + id + " from " + remote;
    }

    // ---------------------------------------------------------------------------------------------

    private static Map<String, List<String>> headersOf(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(field.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(headers);
    }

    private static InetSocketAddress inet(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet;
        }
        throw new IllegalStateException("not an IP connection: " + address);
    }

    /** The bytes as a String when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
