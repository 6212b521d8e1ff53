package io.sipcontainer.ws.channel;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

import jakarta.servlet.sip.SipWebSocketContext;

/**
 * The WS transport's way to this server itself: what a request takes when its next hop is our own
 * WebSocket address, as application composition routes an application's request back through the
 * container. Each message sent is received again by the same channel, on another thread (as
 * JAIN-SIP's own self-routing does), so its transactions work as over the wire. No WebSocket
 * connection is involved: messages carry no {@link SipWebSocketContext}.
 */
final class LoopbackLink implements WebSocketLink {
    private final InetSocketAddress self;
    private final Executor executor;
    private volatile WebSocketMessageChannel channel;

    LoopbackLink(InetSocketAddress self, Executor executor) {
        this.self = self;
        this.executor = executor;
    }

    void attach(WebSocketMessageChannel channel) {
        this.channel = channel;
    }

    @Override
    public void send(byte[] message) {
        executor.execute(() -> channel.receive(message));
    }

    @Override
    public void close() {
        // nothing to close: the loop lives as long as the transport
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return self;
    }

    @Override
    public InetSocketAddress localAddress() {
        return self;
    }

    @Override
    public SipWebSocketContext context() {
        return null;
    }
}
