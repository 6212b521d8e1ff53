package io.sipcontainer.ws;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.ListeningPointImpl;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.ListenSpec;
import io.sipcontainer.server.HttpContribution;
import io.sipcontainer.server.ServerComponent;
import io.sipcontainer.server.ServerContext;
import io.sipcontainer.server.SipServer;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;
import io.sipcontainer.transport.Connector;
import io.sipcontainer.stack.ListenSocket;
import io.sipcontainer.ws.channel.WebSocketMessageProcessor;

/**
 * SIP over WebSocket (RFC 7118), Kamailio's websocket module: contributes the
 * {@link SipWebSocketHandler} to the HTTP server at {@code websocket.path}, makes each HTTP
 * connector a {@code ws} (or, with TLS, {@code wss}) transport of the SIP stack once Jetty has bound
 * it, keeps idle connections alive with Ping frames, and publishes the {@code websocket:}
 * statistics and the {@code ws.*} commands. WebSocket follows the HTTP port, as Kamailio's follows
 * its TCP and TLS listeners: a {@code listen = ws:...} line is refused.
 */
public final class WebSocketComponent implements ServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketComponent.class);
    /** Before the HTTP server (1000), which mounts what was contributed when it starts. */
    public static final int ORDER = 900;

    private SipServer server;
    private RpcRegistry rpc;
    private WebSocketConnections connections;
    private ScheduledFuture<?> keepAlive;
    private SipWebSocketHandler handler;
    private io.sipcontainer.config.HostPort advertise;

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public void start(ServerContext context) throws Exception {
        refuseWebSocketListens(context);
        WebSocketSettings settings = WebSocketSettings.read(context.config());
        server = context.server();
        connections = new WebSocketConnections(settings, context.services().get(Statistics.class));
        advertise = settings.advertise();
        handler = new SipWebSocketHandler(connections, this::bindTransport);
        context.services().contribute(HttpContribution.class, new HttpContribution(settings.path(), handler, ORDER));
        rpc = context.services().get(RpcRegistry.class);
        WebSocketRpc.register(rpc, connections);
        if (settings.keepaliveMechanism() != WebSocketSettings.KEEPALIVE_NONE) {
            long every = settings.keepaliveInterval().toMillis();
            keepAlive = context.scheduler().scheduleWithFixedDelay(this::keepAliveSafely, every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The handler to mount on an HTTP server; the HTTP component takes it from the contributions. */
    public SipWebSocketHandler handler() {
        return handler;
    }

    private void refuseWebSocketListens(ServerContext context) throws ConfigException {
        for (ListenSpec listen : context.config().listens()) {
            if (listen.transport().isWebSocket()) {
                throw new ConfigException("listen", 0, listen + " is not a listen socket: SIP over WebSocket is"
                        + " served on the HTTP port (http_listen); remove this line (see websocket.*)");
            }
        }
    }

    private WebSocketMessageProcessor bindTransport(String transport, String host, int port) throws Exception {
        Connector connector = server.bind(advertise == null ? ListenSocket.of(transport, host, port)
                : new ListenSocket(transport, host, port, advertise.host(), advertise.port()));
        return (WebSocketMessageProcessor) ((ListeningPointImpl) connector.listeningPoint()).getMessageProcessor();
    }

    private void keepAliveSafely() {
        try {
            connections.keepAlive();
        } catch (RuntimeException e) { // a failed tick must not cancel the schedule
            LOG.warn("WebSocket keep-alive failed", e);
        }
    }

    @Override
    public void stop() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (connections != null) {
            connections.closeAll();
            connections.statistics().remove();
        }
        if (rpc != null) {
            WebSocketRpc.unregister(rpc);
        }
    }
}
