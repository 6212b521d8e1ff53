package io.sipcontainer.ws;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.ws.channel.WebSocketMessageProcessor;

/**
 * The SIP WebSocket endpoint on the HTTP port: a Jetty handler that answers a WebSocket opening
 * handshake as Kamailio does ({@link HandshakeCheck}; 503 while disabled) and upgrades the valid ones
 * with sub-protocol {@code sip} and no extension. Other requests are not its business (it returns
 * false, so Jetty answers 404 or another handler serves them).
 *
 * <p>Once the Jetty server it is mounted on has started, each of its network connectors becomes a
 * SIP transport of the stack: {@code ws} on a plain connector, {@code wss} on a TLS one, at the
 * connector's host and actual port (see {@link TransportBinder}). A connection is handed to the
 * transport of the connector it arrived on.
 */
public final class SipWebSocketHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(SipWebSocketHandler.class);

    /** Makes one HTTP connector a SIP transport; called once per connector after Jetty started. */
    @FunctionalInterface
    public interface TransportBinder {
        WebSocketMessageProcessor bind(String transport, String host, int port) throws Exception;
    }

    private final WebSocketConnections connections;
    private final TransportBinder binder;
    private final Map<Connector, WebSocketMessageProcessor> transports = new ConcurrentHashMap<>();
    private final LifeCycle.Listener whenServerStarted = new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarted(LifeCycle event) {
            bindConnectors();
        }
    };
    private volatile ServerWebSocketContainer container;

    SipWebSocketHandler(WebSocketConnections connections, TransportBinder binder) {
        this.connections = connections;
        this.binder = binder;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Server server = getServer();
        container = ServerWebSocketContainer.ensure(server);
        server.addEventListener(whenServerStarted);
        if (server.isStarted()) {
            bindConnectors();
        }
    }

    @Override
    protected void doStop() throws Exception {
        getServer().removeEventListener(whenServerStarted);
        super.doStop();
    }

    private void bindConnectors() {
        for (Connector connector : getServer().getConnectors()) {
            if (connector instanceof NetworkConnector network && network.getLocalPort() > 0
                    && !transports.containsKey(connector)) {
                boolean tls = connector.getConnectionFactory(SslConnectionFactory.class) != null;
                String host = network.getHost() == null ? "0.0.0.0" : network.getHost();
                try {
                    transports.put(connector, binder.bind(tls ? "wss" : "ws", host, network.getLocalPort()));
                } catch (Exception e) {
                    LOG.error("SIP over WebSocket is not available on {}:{}: {}", host, network.getLocalPort(),
                            e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) || !contains(request, HttpHeader.UPGRADE, "websocket")) {
            return false; // not a WebSocket handshake (Kamailio's sample script checks the same)
        }
        if (!connections.isEnabled()) {
            return refuse(response, callback, 503, List.of());
        }
        HandshakeCheck.Verdict verdict = HandshakeCheck.check(request.getHeaders());
        if (!verdict.accepted()) {
            return refuse(response, callback, verdict.status(), verdict.headers());
        }
        WebSocketMessageProcessor transport = transports.get(request.getConnectionMetaData().getConnector());
        if (transport == null) { // the connector is not (yet) a SIP transport
            return refuse(response, callback, 503, List.of());
        }
        boolean upgraded = container.upgrade((upgrade, upgradeResponse, upgradeCallback) -> {
            upgradeResponse.setAcceptedSubProtocol(HandshakeCheck.SUB_PROTOCOL);
            upgradeResponse.setExtensions(List.of()); // Kamailio negotiates none either
            allowOrigin(upgrade, upgradeResponse);
            return connections.create(upgrade, transport);
        }, request, response, callback);
        return upgraded || refuse(response, callback, 400, HandshakeCheck.INCOMPLETE.headers());
    }

    /** {@code cors_mode} 1: any origin; 2: the request's Origin, if it has one. */
    private void allowOrigin(Request upgrade, Response upgradeResponse) {
        int mode = connections.settings().corsMode();
        String origin = upgrade.getHeaders().get(HttpHeader.ORIGIN);
        if (mode == 1) {
            upgradeResponse.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else if (mode == 2 && origin != null) {
            upgradeResponse.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
    }

    private boolean refuse(Response response, Callback callback, int status, List<Map.Entry<String, String>> headers) {
        connections.handshakeFailed();
        response.setStatus(status);
        for (Map.Entry<String, String> h : headers) {
            response.getHeaders().put(h.getKey(), h.getValue());
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        callback.succeeded();
        return true;
    }

    private static boolean contains(Request request, HttpHeader header, String token) {
        for (String value : request.getHeaders().getValuesList(header)) {
            if (value.toLowerCase(Locale.ROOT).contains(token)) {
                return true;
            }
        }
        return false;
    }
}
