package io.sipcontainer.ws;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.Statistics;
import io.sipcontainer.ws.channel.WebSocketMessageProcessor;

/**
 * The open SIP-over-WebSocket connections, by id: counts them, sends keep-alives on idle ones and
 * lists them for {@code ws.dump} in Kamailio's format. Handshakes are refused with 503 while
 * disabled ({@code ws.disable}).
 */
final class WebSocketConnections {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnections.class);
    /** Kamailio lists at most this many connections and says the list was truncated. */
    static final int DUMP_LIMIT = 50;

    private final WebSocketSettings settings;
    private final WebSocketStatistics statistics;
    private final Map<Integer, WebSocketConnection> open = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final byte[] pingPayload;
    private volatile boolean enabled;

    WebSocketConnections(WebSocketSettings settings, Statistics statistics) {
        this.settings = settings;
        this.statistics = new WebSocketStatistics(statistics, open::size);
        this.pingPayload = settings.pingApplicationData().getBytes(StandardCharsets.UTF_8);
        this.enabled = settings.enabled();
    }

    WebSocketSettings settings() {
        return settings;
    }

    WebSocketStatistics statistics() {
        return statistics;
    }

    boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** A connection for an accepted handshake, not yet open. */
    WebSocketConnection create(Request upgrade, WebSocketMessageProcessor processor) {
        return new WebSocketConnection(ids.incrementAndGet(), this, processor, upgrade);
    }

    void opened(WebSocketConnection connection) {
        open.put(connection.id(), connection);
        statistics.opened(open.size());
        LOG.debug("{} open", connection);
    }

    /**
     * A connection ended: closed by us (including keep-alive and idle closes), by the peer with a
     * Close frame, or broken (no Close frame, or a protocol error Jetty answered).
     */
    void closed(WebSocketConnection connection, boolean byUs, int status) {
        if (byUs) {
            statistics.localClosed.increment();
        } else if (isBroken(status)) {
            statistics.failedConnections.increment();
        } else {
            statistics.remoteClosed.increment();
        }
        open.remove(connection.id()); // after counting: a connection no longer listed has been counted
        LOG.debug("{} closed ({}, status {})", connection, byUs ? "by us" : "by the peer", status);
    }

    /** No Close frame came (the TCP connection dropped), or Jetty ended the connection for a protocol error. */
    private static boolean isBroken(int status) {
        return status == StatusCode.ABNORMAL || status == StatusCode.PROTOCOL || status == StatusCode.BAD_PAYLOAD
                || status == StatusCode.MESSAGE_TOO_LARGE || status == StatusCode.SERVER_ERROR;
    }

    void handshakeFailed() {
        statistics.failedHandshakes.increment();
    }

    WebSocketConnection get(int id) {
        return open.get(id);
    }

    int size() {
        return open.size();
    }

    /**
     * Runs every {@code keepalive_interval}: a connection idle for {@code keepalive_timeout} gets a
     * Ping (or Pong); one still owing the Pong of the previous Ping by then is dropped, as Kamailio does.
     */
    void keepAlive() {
        if (settings.keepaliveMechanism() == WebSocketSettings.KEEPALIVE_NONE) {
            return;
        }
        long idleSince = System.currentTimeMillis() - settings.keepaliveTimeout().toMillis();
        boolean ping = settings.keepaliveMechanism() == WebSocketSettings.KEEPALIVE_PING;
        for (WebSocketConnection c : open.values()) {
            if (c.lastUsedMillis() > idleSince) {
                continue;
            }
            if (c.isAwaitingPong()) {
                LOG.debug("{} did not answer a Ping: closing it", c);
                c.closeNow();
            } else {
                c.keepAlive(ping, pingPayload);
            }
        }
    }

    /** Closes every connection, when the server stops. */
    void closeAll() {
        for (WebSocketConnection c : open.values()) {
            c.close(StatusCode.SHUTDOWN, "Server shutdown");
        }
    }

    /** {@code ws.dump [id_hash|used_desc|used_asc]}: the Kamailio structure, at most {@link #DUMP_LIMIT} lines. */
    Map<String, Object> dump(String order) throws RpcException {
        Comparator<WebSocketConnection> sort = switch (order) {
            case "id_hash" -> Comparator.comparingInt(WebSocketConnection::id);
            case "used_desc" -> Comparator.comparingLong(WebSocketConnection::lastUsedMillis).reversed();
            case "used_asc" -> Comparator.comparingLong(WebSocketConnection::lastUsedMillis);
            default -> throw new RpcException(500, "Bad display order parameter");
        };
        List<WebSocketConnection> all = new ArrayList<>(open.values());
        all.sort(sort);
        long now = System.currentTimeMillis();
        List<String> lines = new ArrayList<>();
        for (WebSocketConnection c : all.subList(0, Math.min(all.size(), DUMP_LIMIT))) {
            lines.add(describe(c, now));
        }
        Map<String, Object> info = new java.util.LinkedHashMap<>();
        info.put("wscounter", all.size());
        info.put("truncated", all.size() > DUMP_LIMIT ? "yes" : "no");
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("connections", lines);
        result.put("info", info);
        return result;
    }

    /** {@code 3: ws:192.0.2.7:51234 -> ws:127.0.0.1:8080 (state: OPEN,  last used 1s ago, sub-protocol: sip)}. */
    static String describe(WebSocketConnection c, long nowMillis) {
        String proto = c.isSecure() ? "wss" : "ws";
        long idle = Math.max(0, (nowMillis - c.lastUsedMillis()) / 1000);
        return c.id() + ": " + proto + ":" + address(c.remoteAddress()) + " -> " + proto + ":" + address(c.localAddress())
                + " (state: " + (c.isClosing() ? "CLOSING" : "OPEN") + ", " + (c.isAwaitingPong() ? "awaiting Pong, " : "")
                + " last used " + idle + "s ago, sub-protocol: " + c.getSubProtocol() + ")";
    }

    private static String address(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
