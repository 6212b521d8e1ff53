package io.sipcontainer.ws;

import java.time.Duration;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;
import io.sipcontainer.config.HostPort;
import io.sipcontainer.config.ServerConfig;

/**
 * The {@code websocket.*} settings (Kamailio's websocket module parameters where one exists), read
 * once at start-up, plus the core settings a WebSocket connection obeys: it is closed after
 * {@code tcp_connection_lifetime} without traffic and carries at most {@code max_message_size}.
 *
 * @param path where the HTTP server serves the WebSocket endpoint ({@code websocket.path})
 * @param enabled whether handshakes are accepted at start; {@code ws.disable}/{@code ws.enable} change it
 * @param keepaliveMechanism 0 none, 1 Ping frames, 2 Pong frames, sent on idle connections
 * @param keepaliveTimeout idle time after which a keep-alive frame is sent
 * @param keepaliveInterval how often idle connections are looked for
 * @param pingApplicationData the payload of keep-alive frames
 * @param corsMode 0 no {@code Access-Control-Allow-Origin}, 1 {@code *}, 2 the request's Origin
 * @param idleTimeout how long a connection may stay without traffic
 * @param maxMessageSize the largest WebSocket message accepted
 * @param advertise {@code websocket.advertise}: the address put in Via, Record-Route and Path for the
 *        WebSocket transports instead of the HTTP connector's (a server behind a reverse proxy or load
 *        balancer that terminates the clients' connections); port 0 keeps each connector's own port;
 *        null when not set
 */
public record WebSocketSettings(String path, boolean enabled, int keepaliveMechanism, Duration keepaliveTimeout,
        Duration keepaliveInterval, String pingApplicationData, int corsMode, Duration idleTimeout,
        int maxMessageSize, HostPort advertise) {

    public static final int KEEPALIVE_NONE = 0;
    public static final int KEEPALIVE_PING = 1;
    public static final int KEEPALIVE_PONG = 2;

    /** Reads {@code websocket.*} from the configuration; a bad value names its file and line. */
    public static WebSocketSettings read(ServerConfig config) throws ConfigException {
        ModuleParams p = config.moduleParams("websocket");
        String path = p.string("path", "/").strip();
        if (!path.startsWith("/") || path.contains(" ") || path.contains("?")) {
            throw p.invalid("path", "must be an absolute URL path such as / or /ws, got '" + path + "'");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean enabled = p.bool("enabled", true);
        int mechanism = p.integer("keepalive_mechanism", KEEPALIVE_PING, KEEPALIVE_NONE, KEEPALIVE_PONG);
        int timeout = p.integer("keepalive_timeout", 180, 1, 86_400);
        int interval = p.integer("keepalive_interval", 1, 1, 3_600);
        // Kamailio sends its Server header text; ours is the server_header setting
        String pingData = p.string("ping_application_data", config.serverHeader());
        if (pingData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 125) {
            throw p.invalid("ping_application_data", "must fit a control frame: at most 125 bytes");
        }
        int cors = p.integer("cors_mode", 0, 0, 2);
        String advertiseText = p.string("advertise", "").strip();
        HostPort advertise = null;
        if (!advertiseText.isEmpty()) {
            try {
                advertise = HostPort.parse(advertiseText, "websocket.advertise", 0);
            } catch (IllegalArgumentException e) {
                throw p.invalid("advertise", e.getMessage());
            }
        }
        return new WebSocketSettings(path, enabled, mechanism, Duration.ofSeconds(timeout), Duration.ofSeconds(interval),
                pingData, cors, config.tcpConnectionLifetime(), config.maxMessageSize(), advertise);
    }
}
